package dev.vectorprop.samples;

import dev.vectorprop.nn.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --pretrain autoencoder}: pretrains, is recorded, and a resume skips it and goes on bit for bit. */
class PretrainCliTest {
    private static final String[] SIGMOID_NET = {"train", "--data", "california-housing", "--task", "regression",
            "--target", "median_house_value", "--missing", "mean", "--one-hot", "ocean_proximity",
            "--layers", "13,8,8,1", "--activation", "sigmoid", "--threads", "2"};

    private static CliRun train(String... options) {
        List<String> args = new ArrayList<>(List.of(SIGMOID_NET));
        args.addAll(List.of(options));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static float[] parameters(Path model) throws IOException {
        return Model.load(model).network().parameters();
    }

    @Test
    void pretrainingIsRecordedAndAResumeAfterItContinuesBitForBit(@TempDir Path dir) throws IOException {
        Path whole = dir.resolve("whole.vpm");
        Path resumed = dir.resolve("resumed.vpm");
        Path plain = dir.resolve("plain.vpm");
        Path checkpoint = dir.resolve("c.vpck");
        String[] pretrain = {"--pretrain", "autoencoder", "--pretrain-epochs", "2"};

        CliRun run = train(concat(pretrain, "--epochs", "3", "--model", whole.toString()));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("pretrained hidden layer 1 as an autoencoder"), run.out());
        assertTrue(run.out().contains("pretrained hidden layer 2 as an autoencoder"), run.out());
        Map<String, String> configuration = Model.load(whole).provenance().configuration();
        assertEquals("autoencoder", configuration.get("pretrain"));
        assertEquals("2", configuration.get("pretrain-epochs"));

        assertEquals(0, train(concat(pretrain, "--epochs", "1", "--checkpoint", checkpoint.toString(), "--quiet")).code());
        CliRun resume = CliRun.of("train", "--resume", checkpoint.toString(), "--epochs", "3", "--threads", "1",
                "--model", resumed.toString());
        assertEquals(0, resume.code(), resume.err());
        assertFalse(resume.out().contains("pretrained"), "the checkpoint holds the pretrained weights: " + resume.out());
        assertArrayEquals(parameters(whole), parameters(resumed));

        assertEquals(0, train("--epochs", "3", "--quiet", "--model", plain.toString()).code());
        assertFalse(Arrays.equals(parameters(whole), parameters(plain)), "pretraining changes the weights");
    }

    @Test
    void pretrainEpochsMustBePositive() {
        CliRun run = train("--pretrain", "autoencoder", "--pretrain-epochs", "0");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--pretrain-epochs must be positive"), run.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
