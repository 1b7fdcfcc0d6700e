package dev.vectorprop.train;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Predictor;
import dev.vectorprop.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingJobTest {
    private static Dataset data() {
        SplittableRandom random = new SplittableRandom(2);
        float[] x = new float[5_000 * 8];
        int[] labels = new int[5_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = x[i * 8] + x[i * 8 + 1] > 0 ? 1 : 0;
        }
        return Dataset.classification(x, 8, labels, 2);
    }

    @Test
    void publishesEachEpochAndCancelsOnRequest() throws Exception {
        Network net = Network.builder(8).dense(16, Activation.TANH).dense(2, Activation.SOFTMAX).seed(1).build();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Trainer.Builder builder = Trainer.builder(Loss.CROSS_ENTROPY, new Adam(1e-2f)).kernels(Kernels.scalar())
                    .batchSize(16).epochs(100_000);
            TrainingJob job = TrainingJob.start(builder, net, data(), null, executor);
            Predictor initial = job.latestPredictor();
            while (job.lastEpoch() == null || job.lastEpoch().epoch() < 3) {
                Thread.sleep(5);
            }
            assertNotSame(initial, job.latestPredictor());
            job.cancel();
            History history = job.result().get(30, TimeUnit.SECONDS);
            assertEquals(History.StopReason.CANCELLED, history.stopReason());
            assertTrue(history.epochs().size() >= 3);
        } finally {
            executor.shutdown();
            assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS), "the application's executor is left idle");
        }
    }
}
