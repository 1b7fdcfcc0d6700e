package dev.vectorprop.samples;

import dev.vectorprop.nn.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --class-weights, --weight-column, --clip-norm, --clip-value, --optimizer adamw and the per-class metrics. */
class WeightsAndClippingCliTest {

    /** Three unbalanced classes of points, with a weight column that is not a feature. */
    private static Path points(Path dir) throws IOException {
        StringBuilder text = new StringBuilder("x,y,w,kind\n");
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 300; i++) {
            double x = random.nextDouble(-1, 1);
            double y = random.nextDouble(-1, 1);
            String kind = x > 0.6 ? "rare" : y > 0 ? "top" : "bottom";
            text.append(x).append(',').append(y).append(',').append(1 + i % 3).append(',').append(kind).append('\n');
        }
        Path csv = dir.resolve("points.csv");
        Files.writeString(csv, text);
        return csv;
    }

    private static String[] train(Path csv, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", csv.toString(), "--target", "kind",
                "--epochs", "3", "--batch", "16", "--lr", "0.01", "--threads", "2", "--quiet", "--json"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(CliRun run) {
        assertEquals(0, run.code(), run.err());
        return (Map<String, Object>) Json.parse(run.lastLine());
    }

    @SuppressWarnings("unchecked")
    private static double loss(CliRun run, String part) {
        return (Double) ((Map<String, Object>) json(run).get(part)).get("loss");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTestObjectHasBalancedAccuracyAndPerClassPrecisionAndRecall(@TempDir Path dir) throws IOException {
        Map<String, Object> test = (Map<String, Object>) json(CliRun.of(train(points(dir)))).get("test");
        assertTrue(test.get("balanced_accuracy") instanceof Double, test.toString());
        Map<String, Object> perClass = (Map<String, Object>) test.get("per_class");
        assertEquals(List.of("bottom", "rare", "top"), List.copyOf(perClass.keySet()));
        for (Object figures : perClass.values()) {
            assertTrue(((Map<String, Object>) figures).keySet().containsAll(List.of("precision", "recall")), test.toString());
        }
    }

    @Test
    void weightsChangeTheLossesAndTheWeightColumnIsNoFeature(@TempDir Path dir) throws IOException {
        Path csv = points(dir);
        Path model = dir.resolve("m.vpm");
        double plain = loss(CliRun.of(train(csv, "--features", "x,y")), "test");
        double weighted = loss(CliRun.of(train(csv, "--weight-column", "w", "--model", model.toString())), "test");
        assertEquals(List.of("x", "y"), List.of(Model.load(model).featureNames()), "w is weights, not a feature");
        assertTrue(weighted > 1.3 * plain, "weights 1 to 3 (mean 2) in the test loss: " + weighted + " vs " + plain);
        assertNotEquals(loss(CliRun.of(train(csv)), "train"), loss(CliRun.of(train(csv, "--class-weights", "1,5,1")), "train"));

        CliRun wrong = CliRun.of(train(csv, "--class-weights", "1,2"));
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("--class-weights gives 2 weights for 3 classes"), wrong.err());
        CliRun negative = CliRun.of(train(csv, "--class-weights", "1,-2,1"));
        assertEquals(2, negative.code());
        assertTrue(negative.err().contains("numbers ≥ 0"), negative.err());
    }

    @Test
    void adamWAndClippingAreUsedRecordedAndResumeBitForBit(@TempDir Path dir) throws IOException {
        Path csv = points(dir);
        String[] options = {"--optimizer", "adamw", "--weight-decay", "0.1", "--clip-norm", "0.5", "--clip-value",
                "0.2", "--class-weights", "balanced", "--weight-column", "w", "--dropout", "0.1"};
        Path a = dir.resolve("a.vpm");
        Path b = dir.resolve("b.vpm");
        Path checkpoint = dir.resolve("c.vpck");
        String[] full = train(csv, options);
        full[Arrays.asList(full).indexOf("--epochs") + 1] = "4";
        json(CliRun.of(concat(full, "--model", a.toString())));
        json(CliRun.of(train(csv, concat(options, "--checkpoint", checkpoint.toString()))));
        json(CliRun.of("train", "--resume", checkpoint.toString(), "--epochs", "4", "--model", b.toString(), "--quiet",
                "--json"));
        assertArrayEquals(Model.load(a).network().parameters(), Model.load(b).network().parameters());
        Map<String, String> configuration = Model.load(b).provenance().configuration();
        assertEquals("AdamW(lr=0.01, beta1=0.9, beta2=0.999, epsilon=1.0E-8, weight decay=0.1)",
                configuration.get("optimizer-settings"));
        assertEquals("0.5", configuration.get("clip-norm"));
        assertEquals("balanced", configuration.get("class-weights"));

        Path plain = dir.resolve("plain.vpm");
        json(CliRun.of(train(csv, "--model", plain.toString(), "--optimizer", "adam")));
        Path clipped = dir.resolve("clipped.vpm");
        json(CliRun.of(train(csv, "--model", clipped.toString(), "--optimizer", "adam", "--clip-norm", "0.01")));
        assertFalse(Arrays.equals(Model.load(plain).network().parameters(), Model.load(clipped).network().parameters()),
                "clipping changes training");
    }

    @Test
    void helpListsTheFlagsWithTheirDefaults() {
        String help = CliRun.of("train", "--help").out();
        for (String flag : new String[] {"--class-weights", "--weight-column", "--clip-norm", "--clip-value",
                "--weight-decay", "adamw"}) {
            assertTrue(help.contains(flag), flag + " in\n" + help);
        }
        assertTrue(help.contains("(default: 0.01)") && help.contains("0 for never (default: 0"), help);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
