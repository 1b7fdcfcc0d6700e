package dev.vectorprop.samples;

import dev.vectorprop.io.Checkpoint;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.BatchNorm;
import dev.vectorprop.nn.Dense;
import dev.vectorprop.nn.Dropout;
import dev.vectorprop.nn.Layer;
import dev.vectorprop.nn.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every engine option of {@code train}, resuming from checkpoints, and what happens when things go wrong. */
class TrainOptionsTest {
    static final String[] HOUSING = {"train", "--data", "california-housing", "--task", "regression", "--target",
            "median_house_value", "--missing", "mean", "--one-hot", "ocean_proximity", "--quiet"};

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Runs train on California housing with these options added; returns the exit code. */
    private int housing(String... options) {
        List<String> args = new ArrayList<>(List.of(HOUSING));
        args.addAll(List.of(options));
        out.reset();
        err.reset();
        return Cli.run(args.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json() {
        return (Map<String, Object>) Json.parse(out.toString(StandardCharsets.UTF_8).lines().toList().getLast());
    }

    @SuppressWarnings("unchecked")
    private double trainingLoss() {
        return (Double) ((Map<String, Object>) json().get("train")).get("loss");
    }

    @Test
    void batchNormDropoutAndInitShapeTheNetwork(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.vpm");
        assertEquals(0, housing("--layers", "13,8,8,1", "--batch-norm", "--dropout", "0.1,0.2", "--init", "uniform:0.01",
                "--lr", "1e-30", "--epochs", "1", "--model", file.toString()), stderr());
        Model model = Model.load(file);
        List<Layer> layers = model.network().layers();
        assertEquals(7, layers.size(), layers.toString());
        for (int hidden = 0; hidden < 2; hidden++) {
            Dense dense = assertInstanceOf(Dense.class, layers.get(3 * hidden));
            assertEquals(Activation.IDENTITY, dense.activation(), "batch norm comes before the activation");
            assertEquals(Activation.RELU, assertInstanceOf(BatchNorm.class, layers.get(3 * hidden + 1)).activation());
            assertEquals(hidden == 0 ? 0.1f : 0.2f, assertInstanceOf(Dropout.class, layers.get(3 * hidden + 2)).rate());
        }
        float largest = 0;
        for (Layer layer : layers) {
            if (layer instanceof Dense d) {
                for (int i = 0; i < d.inputs() * d.outputs(); i++) {
                    largest = Math.max(largest, Math.abs(model.network().parameters()[d.weightOffset() + i]));
                }
            }
        }
        assertTrue(largest <= 0.01f && largest > 0.009f, "uniform on [−0.01, 0.01]: largest weight " + largest);
        Map<String, String> configuration = model.provenance().configuration();
        assertEquals("true", configuration.get("batch-norm"));
        assertEquals("0.1,0.2", configuration.get("dropout"));
        assertEquals("uniform:0.01", configuration.get("init"));
        for (String option : new String[] {"l2", "momentum", "beta1", "beta2", "rho", "epsilon", "reduction",
                "convergence", "shards", "checkpoint", "checkpoint-every", "resume"}) {
            assertTrue(configuration.containsKey(option), option + " in " + configuration);
        }
        assertEquals("0.01,0.0", configuration.get("convergence"));
        assertEquals("mean", configuration.get("reduction"));
        assertEquals(configuration.get("threads"), configuration.get("shards"), "resolved: one shard per thread");
        assertEquals("identity", configuration.get("output"), "the default the task implies, resolved");

        assertEquals(2, housing("--layers", "13,8,8,1", "--dropout", "0.1,0.2,0.3"));
        assertTrue(stderr().contains("3 dropout rates for 2 hidden layers"), stderr());
        assertEquals(2, housing("--init", "normal"));
        assertTrue(stderr().contains("--init must be he, glorot or uniform:A"), stderr());
    }

    @Test
    void optimizerSettingsAreUsedAndRecorded(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.vpm");
        String[][] cases = {
                {"adam", "--beta1", "0.8", "--beta2", "0.99", "--epsilon", "1e-6", "Adam(lr=0.001, beta1=0.8, beta2=0.99, epsilon=1.0E-6)"},
                {"nesterov", "--momentum", "0.7", "--epsilon", "1", "Nesterov(lr=0.001, mu=0.7)"},
                {"rmsprop", "--rho", "0.8", "--epsilon", "1e-6", "RMSProp(lr=0.001, rho=0.8, epsilon=1.0E-6)"},
                {"adagrad", "--epsilon", "1e-4", "--beta1", "0.5", "AdaGrad(lr=0.001, epsilon=1.0E-4)"}};
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("--layers", "13,4,1", "--epochs", "1", "--model", file.toString(),
                    "--optimizer", c[0]));
            args.addAll(Arrays.asList(c).subList(1, c.length - 1));
            assertEquals(0, housing(args.toArray(String[]::new)), stderr());
            assertEquals(c[c.length - 1], Model.load(file).provenance().configuration().get("optimizer-settings"));
        }
        assertEquals(2, housing("--beta1", "1.5"));
        assertTrue(stderr().contains("beta1 must be in [0, 1), got 1.5"), stderr());
        assertEquals(2, housing("--optimizer", "momentum", "--momentum", "-0.1"));
        assertTrue(stderr().contains("momentum must be in [0, 1)"), stderr());
    }

    @Test
    void l2ReductionAndConvergenceChangeTheLossAndTheStop() {
        String[] base = {"--layers", "13,8,1", "--epochs", "1", "--json"};
        assertEquals(0, housing(base), stderr());
        double plain = trainingLoss();
        assertEquals(0, housing(concat(base, "--l2", "1")), stderr());
        assertTrue(trainingLoss() > plain + 0.05, "the penalty adds to the loss: " + trainingLoss() + " vs " + plain);
        assertEquals(0, housing(concat(base, "--reduction", "sum", "--lr", "1e-5")), stderr());
        assertTrue(trainingLoss() > 30 * plain, "summed over 64 rows: " + trainingLoss() + " vs " + plain);

        assertEquals(0, housing("--layers", "13,8,1", "--epochs", "20", "--json", "--convergence", "0.5,0.5"), stderr());
        assertEquals(2.0, json().get("epochs"), "Q moved by less than half over epoch 2: converged");
        assertEquals(2, housing("--convergence", "0.01"));
        assertTrue(stderr().contains("--convergence takes λ,TOLERANCE"), stderr());
    }

    @Test
    @SuppressWarnings("unchecked")
    void msleTrainsWithItsDefaultScalingAndRefusesZScores() {
        assertEquals(0, housing("--layers", "13,16,1", "--epochs", "2", "--loss", "msle", "--json"), stderr());
        double r2 = (Double) ((Map<String, Object>) json().get("test")).get("r2");
        assertTrue(r2 > 0.3, "R² " + r2);
        assertEquals(2, housing("--loss", "msle", "--scale", "zscore"));
        assertTrue(stderr().contains("use --scale minmax"), stderr());
    }

    @Test
    @SuppressWarnings("unchecked")
    void squaredHingeLearnsFromPlusMinusOneTargets(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("points.csv");
        StringBuilder text = new StringBuilder("x,y,side\n");
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 400; i++) {
            double x = random.nextDouble(-1, 1);
            double y = random.nextDouble(-1, 1);
            text.append(x).append(',').append(y).append(',').append(x + y > 0 ? "above" : "below").append('\n');
        }
        Files.writeString(csv, text);
        Path file = dir.resolve("hinge.vpm");
        out.reset();
        assertEquals(0, Cli.run("train", "--data", csv.toString(), "--target", "side", "--loss", "squared_hinge",
                "--layers", "2,8,2", "--epochs", "20", "--batch", "16", "--lr", "0.01", "--json", "--quiet",
                "--model", file.toString()), stderr());
        Map<String, Object> test = (Map<String, Object>) json().get("test");
        assertTrue((Double) test.get("accuracy") > 0.9, test.toString());
        assertTrue((Double) test.get("loss") < 0.5, "the loss on ±1 targets: " + test);
        assertEquals(Activation.IDENTITY, ((Dense) Model.load(file).network().layers().getLast()).activation());
    }

    @Test
    void resumingContinuesBitForBitWithTheCheckpointsOptions(@TempDir Path dir) throws IOException {
        String[] options = {"--layers", "13,8,1", "--dropout", "0.1", "--batch", "32", "--threads", "2",
                "--validation", "0.1"};
        Path a = dir.resolve("a.vpm");
        Path b = dir.resolve("b.vpm");
        Path checkpoint = dir.resolve("c.vpck");
        assertEquals(0, housing(concat(options, "--epochs", "4", "--model", a.toString())), stderr());
        assertEquals(0, housing(concat(options, "--epochs", "2", "--checkpoint", checkpoint.toString())), stderr());
        assertEquals(2, housing("--resume", checkpoint.toString(), "--epochs", "6", "--lr", "0.1"));
        assertTrue(stderr().contains("--lr 0.1 differs from the 0.001 that " + checkpoint), stderr());
        assertEquals(2, housing("--resume", checkpoint.toString(), "--epochs", "2"));
        assertTrue(stderr().contains("has done 2 epochs"), stderr());
        err.reset();
        assertEquals(Cli.EXIT_BAD_INPUT, Cli.run("train", "--resume", checkpoint.toString(), "--epochs", "4",
                "--data", writeHousingHead(dir).toString()));
        assertTrue(stderr().contains("is not the data " + checkpoint + " was trained on"), stderr());

        out.reset();
        assertEquals(0, Cli.run("train", "--resume", checkpoint.toString(), "--epochs", "4", "--model", b.toString(),
                "--threads", "1", "--json"), stderr());
        assertEquals(2.0, json().get("epochs"), "epochs 3 and 4");
        assertArrayEquals(Model.load(a).network().parameters(), Model.load(b).network().parameters());
        Map<String, String> configuration = Model.load(b).provenance().configuration();
        assertEquals("2 epochs", configuration.get("resumed-after"));
        assertEquals("0.1", configuration.get("dropout"), "restored from the checkpoint");
        assertEquals(4, Checkpoint.load(checkpoint).progress().epochs(), "--checkpoint too is the checkpoint's");
    }

    /** The first 2,000 rows of the housing data: other data with the same columns. */
    private static Path writeHousingHead(Path dir) throws IOException {
        try (var in = TrainCommand.class.getResourceAsStream("california_housing.csv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            Path head = dir.resolve("head.csv");
            Files.write(head, lines.subList(0, 2001));
            return head;
        }
    }

    @Test
    void destinationsAreCheckedBeforeTraining(@TempDir Path dir) {
        assertEquals(Cli.EXIT_BAD_INPUT, housing("--model", dir.resolve("no/such/m.vpm").toString()));
        assertTrue(stderr().contains("cannot write --model " + dir.resolve("no/such/m.vpm") + ": the folder "
                + dir.resolve("no/such") + " does not exist"), stderr());
        assertEquals(Cli.EXIT_BAD_INPUT, housing("--checkpoint", dir.toString()));
        assertTrue(stderr().contains("cannot write --checkpoint " + dir + ": it is a folder"), stderr());
        assertEquals(Cli.EXIT_BAD_INPUT, housing("--plot", dir.resolve("none/p.png").toString()));
        assertTrue(stderr().contains("cannot write --plot"), stderr());
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("epoch"), "nothing trained");
    }

    @Test
    void divergenceSavesTheLastGoodEpoch(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.vpm");
        // full-batch descent with lr·l2 = 3: w −= 3w each step doubles (and flips) the weights until they overflow
        assertEquals(Cli.EXIT_BAD_INPUT, housing("--layers", "13,4,1", "--optimizer", "gd", "--lr", "0.1", "--l2",
                "30", "--epochs", "500", "--model", file.toString()));
        String line = stderr().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.matches("vectorprop: training diverged in epoch (\\d+) at batch 1 \\(.*\\); the last good "
                + "epoch is \\d+, its model saved to .*"), line);
        int epoch = Integer.parseInt(line.replaceAll(".*diverged in epoch (\\d+) .*", "$1"));
        assertTrue(line.contains("the last good epoch is " + (epoch - 1)), line);
        Model saved = Model.load(file);
        for (float w : saved.network().parameters()) {
            assertTrue(Float.isFinite(w));
        }
        assertTrue(saved.provenance().configuration().get("stopped").contains("weights of epoch " + (epoch - 1)));

        assertEquals(Cli.EXIT_BAD_INPUT, housing("--lr", "1e30", "--optimizer", "sgd", "--epochs", "1"));
        assertTrue(stderr().contains("no epoch completed, nothing saved"), stderr());
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
