package dev.vectorprop.samples;

import dev.vectorprop.io.Checkpoint;
import dev.vectorprop.nn.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM to {@code vectorprop train} in a child JVM: it saves the model and a checkpoint, exits 130, and resumes. */
class InterruptTest {
    private static final String[] OPTIONS = {"--layers", "13,8,1", "--batch", "8", "--kernels", "scalar", "--threads",
            "2"};

    @Test
    void sigtermSavesAModelAndACheckpointThatResumesBitForBit(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("interrupted.vpm");
        Path checkpoint = dir.resolve("c.vpck");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Cli.class.getName()));
        command.addAll(List.of(TrainOptionsTest.HOUSING).subList(0, TrainOptionsTest.HOUSING.length - 1)); // not --quiet
        command.addAll(List.of(OPTIONS));
        command.addAll(List.of("--epochs", "1000", "--model", model.toString(), "--checkpoint", checkpoint.toString()));
        Path stdout = dir.resolve("stdout.txt");
        Process child = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.readString(stdout).contains("epoch 1/1000") && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50); // until an epoch is done, so that the signal comes mid-training
        }
        Thread.sleep(200);
        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        String stderr = Files.readString(dir.resolve("stderr.txt"));
        assertEquals(Cli.EXIT_INTERRUPTED, child.exitValue(), stderr);
        Matcher said = Pattern.compile("vectorprop: interrupted (in epoch (\\d+) at batch \\d+ of 2064|after epoch (\\d+)): "
                + "saved model to " + Pattern.quote(model.toString()) + " and checkpoint to "
                + Pattern.quote(checkpoint.toString())).matcher(stderr);
        assertTrue(said.find(), stderr);
        int total = said.group(2) != null ? Integer.parseInt(said.group(2)) : Integer.parseInt(said.group(3)) + 1;
        Model.load(model);
        Checkpoint.load(checkpoint);

        Path resumed = dir.resolve("resumed.vpm");
        Path uninterrupted = dir.resolve("uninterrupted.vpm");
        List<String> straight = new ArrayList<>(List.of(TrainOptionsTest.HOUSING));
        straight.addAll(List.of(OPTIONS));
        straight.addAll(List.of("--epochs", Integer.toString(total), "--model", uninterrupted.toString()));
        assertEquals(0, Cli.run(straight.toArray(String[]::new)));
        assertEquals(0, Cli.run("train", "--resume", checkpoint.toString(), "--epochs", Integer.toString(total),
                "--model", resumed.toString(), "--quiet"));
        assertArrayEquals(Model.load(uninterrupted).network().parameters(), Model.load(resumed).network().parameters());
    }
}
