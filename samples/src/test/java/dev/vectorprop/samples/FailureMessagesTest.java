package dev.vectorprop.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input on the command line: one line that names what is wrong and where, and the exit code. */
class FailureMessagesTest {
    /** Runs the command line, checks its exit code and returns the first line of its error output. */
    private static String fails(int code, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(code, run.code(), run.err());
        return run.err().lines().findFirst().orElse("");
    }

    /** x, y = 2x, on 20 lines after the header, with {@code last} as the last line. */
    private static Path csv(Path dir, String name, String last) throws IOException {
        StringBuilder text = new StringBuilder("x,y\n");
        for (int i = 0; i < 19; i++) {
            text.append(i).append(',').append(2 * i).append('\n');
        }
        return Files.writeString(dir.resolve(name), text.append(last).append('\n'));
    }

    @Test
    void filesThatCannotBeReadAreNamedWithTheReason(@TempDir Path dir) {
        Path missing = dir.resolve("missing.csv");
        assertEquals("vectorprop: " + missing + ": no such file (give a CSV file, a folder of IDX files, "
                + "'fashion-mnist' or 'california-housing')", fails(3, "train", "--data", missing.toString(),
                "--target", "y"));
        Path model = dir.resolve("fashion.vpm");
        assertEquals("vectorprop: " + model + ": no such file", fails(3, "evaluate", "--model", model.toString(),
                "--data", "fashion-mnist"));
        assertEquals("vectorprop: " + dir + " is a directory, not a model file", fails(3, "predict", "--model",
                dir.toString(), "--data", missing.toString()));
    }

    @Test
    void aTestFractionOutsideZeroToOneIsABadFlag(@TempDir Path dir) throws IOException {
        Path data = csv(dir, "data.csv", "19,38");
        for (String test : new String[] {"0", "1", "1.5", "-0.2", "NaN"}) {
            String line = fails(2, "train", "--data", data.toString(), "--target", "y", "--test", test);
            assertEquals("--test must be a fraction strictly between 0 and 1, or a CSV file; got " + test, line);
        }
    }

    @Test
    void aValueBeyondFloatsRangeIsNamedWhereverItIsRead(@TempDir Path dir) throws IOException {
        Path huge = csv(dir, "huge.csv", "1e39,38");
        assertEquals("vectorprop: " + huge + ", line 21, column 'x': 1e39 overflows float (largest ±3.4e38)",
                fails(3, "train", "--data", huge.toString(), "--target", "y", "--task", "regression",
                        "--missing", "drop"));

        Path model = dir.resolve("m.vpm");
        assertEquals(0, Cli.run("train", "--data", csv(dir, "fine.csv", "19,38").toString(), "--target", "y",
                "--task", "regression", "--layers", "1,1", "--epochs", "1", "--model", model.toString(), "--quiet"));
        assertEquals("vectorprop: " + huge + ", line 21, column 'x': 1e39 overflows float (largest ±3.4e38)",
                fails(3, "predict", "--model", model.toString(), "--data", huge.toString()));
        Path infinite = csv(dir, "infinite.csv", "19,-Infinity");
        assertEquals("vectorprop: " + infinite + ", line 21, column 'y': -Infinity is not finite",
                fails(3, "evaluate", "--model", model.toString(), "--data", infinite.toString(), "--missing", "drop"));
    }

    @Test
    void aTargetTooLargeToTrainOnIsRefusedByName(@TempDir Path dir) throws IOException {
        StringBuilder text = new StringBuilder("x,y\n");
        for (int i = 1; i <= 20; i++) {
            text.append(i).append(',').append(i).append("e30\n");
        }
        Path data = Files.writeString(dir.resolve("big.csv"), text);
        String line = fails(3, "train", "--data", data.toString(), "--target", "y", "--task", "regression",
                "--scale", "none", "--quiet");
        // the figures are the training split's
        assertTrue(line.startsWith("vectorprop: column 'y' (from ") && line.endsWith(" unscaled, beyond ±9.2e+18, "
                + "where the squares the loss and the optimizer take overflow float: scale it (z-score or min-max) or "
                + "divide it by a power of ten"), line);
        // z-scored (the default), the same column trains
        assertEquals(0, Cli.run("train", "--data", data.toString(), "--target", "y", "--task", "regression",
                "--layers", "1,1", "--epochs", "1", "--quiet"));
    }
}
