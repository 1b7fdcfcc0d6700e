package dev.vectorprop.samples;

import dev.vectorprop.nn.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --optimizer lbfgs|cg}: full-batch iterations as epochs, their stop, and no checkpoints. */
class FullBatchCliTest {
    private static CliRun housing(String... options) {
        String[] args = new String[TrainOptionsTest.HOUSING.length + options.length];
        System.arraycopy(TrainOptionsTest.HOUSING, 0, args, 0, TrainOptionsTest.HOUSING.length);
        System.arraycopy(options, 0, args, TrainOptionsTest.HOUSING.length, options.length);
        return CliRun.of(args);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(CliRun run) {
        return (Map<String, Object>) Json.parse(run.lastLine());
    }

    @Test
    @SuppressWarnings("unchecked")
    void lbfgsAndCgTrainReportAndRecordTheirSettings(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.vpm");
        String[][] cases = {{"lbfgs", "--lbfgs-memory", "5", "L-BFGS(m=5)"},
                {"cg", "--cg-method", "fr", "CG(fletcher-reeves)"}, {"cg", "--cg-method", "pr", "CG(polak-ribiere)"}};
        for (String[] c : cases) {
            CliRun run = housing("--layers", "13,8,1", "--epochs", "25", "--validation", "0.2", "--json", "--model",
                    file.toString(), "--optimizer", c[0], c[1], c[2]);
            assertEquals(0, run.code(), run.err());
            Map<String, Object> result = json(run);
            assertEquals(25.0, result.get("epochs"), c[3]);
            assertTrue((Double) ((Map<String, Object>) result.get("test")).get("r2") > 0.6, c[3] + ": " + run.lastLine());
            assertTrue((Double) ((Map<String, Object>) result.get("validation")).get("loss") < 0.5, run.lastLine());
            assertEquals(c[3], Model.load(file).provenance().configuration().get("optimizer-settings"));
        }
    }

    @Test
    void theyStopWhenTheGradientOrTheLossSettles() {
        CliRun loose = housing("--layers", "13,4,1", "--epochs", "50", "--json", "--optimizer", "lbfgs",
                "--gradient-tolerance", "1e9");
        assertEquals(0, loose.code(), loose.err());
        assertEquals(1.0, json(loose).get("epochs"), "any gradient is within 1e9 after one iteration");
        CliRun settled = housing("--layers", "13,4,1", "--epochs", "50", "--json", "--optimizer", "cg",
                "--convergence", "0.01,0.5");
        assertEquals(0, settled.code(), settled.err());
        assertTrue((Double) json(settled).get("epochs") < 50, settled.lastLine());
    }

    @Test
    void theyTakeNoCheckpoint(@TempDir Path dir) {
        Path file = dir.resolve("c.vpc");
        CliRun run = housing("--optimizer", "cg", "--checkpoint", file.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--optimizer cg keeps its history in memory only: it takes no --checkpoint, "
                + "and cannot --resume"), run.err());
        assertFalse(Files.exists(file));
    }

    @Test
    void helpListsTheirOptions() {
        String help = CliRun.of("train", "--help").out();
        for (String option : new String[] {"lbfgs", "--cg-method", "--lbfgs-memory", "--gradient-tolerance"}) {
            assertTrue(help.contains(option), option);
        }
    }
}
