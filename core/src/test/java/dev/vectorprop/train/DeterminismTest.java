package dev.vectorprop.train;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Same seed and shard count ⇒ the same bits, whatever the pool; sharding changes only rounding. */
class DeterminismTest {
    private static final Kernels K = Kernels.scalar();

    private static Dataset data() {
        Random random = new Random(5);
        float[][] x = new float[300][6];
        int[] labels = new int[300];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 6; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            labels[i] = (x[i][0] + x[i][1] > 0 ? 1 : 0) + (x[i][2] > 0.5 ? 2 : 0);
        }
        return Dataset.classification(x, labels, 4);
    }

    private static float[] train(int shards, int threads) {
        Network net = Network.builder(6).dense(9, Activation.RELU).dropout(0.2f).dense(7, Activation.IDENTITY)
                .batchNorm(Activation.TANH).dense(4, Activation.SOFTMAX).seed(3).build();
        Trainer.Builder b = Trainer.builder(Loss.CROSS_ENTROPY, new Adam(0.01f)).kernels(K).batchSize(32).epochs(3)
                .seed(11).shards(shards);
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            b.pool(pool).build().fit(net, data());
        } finally {
            pool.shutdown();
        }
        return net.parameters();
    }

    @Test
    void sameSeedAndShardsGiveIdenticalWeightsWithAnyPoolSize() {
        float[] one = train(3, 1);
        assertArrayEquals(one, train(3, 1), "two runs, one thread");
        assertArrayEquals(one, train(3, 2), "two threads");
        assertArrayEquals(one, train(3, 4), "four threads");
    }

    @Test
    void shardedTrainingEqualsUnshardedWithinRounding() {
        Network a = Network.builder(6).dense(9, Activation.TANH).dense(4, Activation.SOFTMAX).seed(3).build();
        Network b = Network.builder(6).dense(9, Activation.TANH).dense(4, Activation.SOFTMAX).seed(3).build();
        Trainer.builder(Loss.CROSS_ENTROPY, new Adam(0.01f)).kernels(K).batchSize(32).epochs(2).seed(1).shards(1)
                .build().fit(a, data());
        Trainer.builder(Loss.CROSS_ENTROPY, new Adam(0.01f)).kernels(K).batchSize(32).epochs(2).seed(1).shards(4)
                .threads(2).build().fit(b, data());
        float[] pa = a.parameters();
        float[] pb = b.parameters();
        double worst = 0;
        for (int i = 0; i < pa.length; i++) {
            worst = Math.max(worst, Math.abs(pa[i] - pb[i]));
        }
        assertTrue(worst < 1e-4, "sharded and unsharded weights differ by " + worst);
    }

    @Test
    void cancelStopsBetweenBatches() {
        Network net = Network.builder(6).dense(4, Activation.SOFTMAX).seed(3).build();
        Trainer[] holder = new Trainer[1];
        holder[0] = Trainer.builder(Loss.CROSS_ENTROPY, new Adam(0.01f)).kernels(K).batchSize(10).epochs(50)
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochResult result) {
                        if (result.epoch() == 2) {
                            holder[0].cancel();
                        }
                    }
                }).build();
        History history = holder[0].fit(net, data());
        assertEquals(History.StopReason.CANCELLED, history.stopReason());
        assertEquals(2, history.epochs().size());
    }

    @Test
    void smoothedLossConverges() {
        Network net = Network.builder(6).dense(4, Activation.SOFTMAX).seed(3).build();
        History history = Trainer.builder(Loss.CROSS_ENTROPY, new Adam(0.01f)).kernels(K).batchSize(30).epochs(500)
                .smoothing(0.1).convergence(1e-3).build().fit(net, data());
        assertEquals(History.StopReason.CONVERGED, history.stopReason());
        assertTrue(history.epochs().size() < 500);
    }
}
