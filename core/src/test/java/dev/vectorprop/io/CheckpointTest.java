package dev.vectorprop.io;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.optim.Adam;
import dev.vectorprop.train.History;
import dev.vectorprop.train.Trainer;
import dev.vectorprop.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    private static Dataset data() {
        SplittableRandom random = new SplittableRandom(8);
        float[] x = new float[600 * 6];
        int[] labels = new int[600];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = x[i * 6] * x[i * 6 + 1] > 0 ? 1 : 0;
        }
        return Dataset.classification(x, 6, labels, 2);
    }

    private static Network network() {
        return Network.builder(6).dense(12, Activation.RELU).dropout(0.2f).dense(8, Activation.IDENTITY)
                .batchNorm(Activation.TANH).dense(2, Activation.SOFTMAX).seed(3).build();
    }

    private static Trainer.Builder trainer(int epochs) {
        return Trainer.builder(Loss.CROSS_ENTROPY, new Adam(5e-3f)).kernels(Kernels.scalar()).batchSize(32)
                .epochs(epochs).seed(7).shards(2);
    }

    @Test
    void resumingContinuesBitForBit(@TempDir Path dir) throws IOException {
        Network uninterrupted = network();
        trainer(6).build().fit(uninterrupted, data());

        Path file = dir.resolve("run.vpck");
        Network first = network();
        trainer(3).listener(Checkpoint.every(2, file, Model.of(first))).build().fit(first, data());
        Checkpoint.Contents saved = Checkpoint.load(file);
        assertEquals(3, saved.progress().epochs(), "written after the last epoch of the fit");

        Trainer resumed = trainer(3).build();
        resumed.restore(saved.progress());
        Network network = saved.model().network();
        resumed.fit(network, data());
        assertEquals(6, resumed.epochsDone());
        assertArrayEquals(uninterrupted.parameters(), network.parameters());
    }

    @Test
    void resumingFromTheMiddleOfAnEpochContinuesBitForBit(@TempDir Path dir) throws IOException {
        Network uninterrupted = network();
        History whole = trainer(4).build().fit(uninterrupted, data());

        Network first = network();
        Trainer[] running = new Trainer[1];
        running[0] = trainer(4).listener(new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, int batches, double batchLoss, double smoothedLoss) {
                if (epoch == 2 && batch == 5) {
                    running[0].cancel();
                }
            }
        }).build();
        assertEquals(History.StopReason.CANCELLED, running[0].fit(first, data()).stopReason());
        Path file = dir.resolve("run.vpck");
        Checkpoint.save(file, Model.of(first), running[0]);
        Checkpoint.Contents saved = Checkpoint.load(file);
        assertEquals(1, saved.progress().epochs());
        assertEquals(5, saved.progress().batches());

        Trainer resumed = trainer(3).build();
        resumed.restore(saved.progress());
        Network network = saved.model().network();
        History rest = resumed.fit(network, data());
        assertEquals(4, resumed.epochsDone());
        assertArrayEquals(uninterrupted.parameters(), network.parameters());
        assertEquals(whole.epochs().get(1).trainingLoss(), rest.epochs().getFirst().trainingLoss(),
                "the resumed epoch's loss counts the batches before the interruption");
        assertEquals(whole.last().smoothedLoss(), rest.last().smoothedLoss());
    }

    /**
     * A checkpoint of format version 1, written by the vectorprop of commit 196dc3d after one epoch of this
     * class's trainer on its network and data: it resumes as a checkpoint written now would.
     */
    @Test
    void aVersion1CheckpointIsStillRead(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("v1.vpck");
        try (var in = CheckpointTest.class.getResourceAsStream("checkpoint-v1.vpck")) {
            Files.write(file, in.readAllBytes());
        }
        Checkpoint.Contents saved = Checkpoint.load(file);
        Network network = network();
        Trainer trainer = trainer(1).build();
        trainer.fit(network, data());
        assertEquals(1, saved.progress().epochs());
        assertEquals(0, saved.progress().batches());
        assertTrue(Double.isNaN(saved.progress().smoothedLoss()));
        assertArrayEquals(network.parameters(), saved.model().network().parameters());
        assertArrayEquals(trainer.progress().optimizerState()[1], saved.progress().optimizerState()[1]);
    }

    @Test
    void aCorruptCheckpointIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.vpck");
        Network network = network();
        trainer(1).listener(Checkpoint.every(1, file, Model.of(network))).build().fit(network, data());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 3] ^= 1;
        Files.write(file, bytes);
        var e = assertThrows(IOException.class, () -> Checkpoint.load(file));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        var wrongKind = assertThrows(IOException.class, () -> ModelFile.load(file));
        assertTrue(wrongKind.getMessage().contains("not a vectorprop model file"), wrongKind.getMessage());
    }
}
