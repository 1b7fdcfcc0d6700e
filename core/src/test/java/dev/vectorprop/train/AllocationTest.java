package dev.vectorprop.train;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.optim.Adam;
import dev.vectorprop.optim.AdamW;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A steady-state training step allocates nothing: measured between two batches late in an epoch, after
 * the JIT has compiled the loop, with dropout, batch norm and weight decay all on.
 */
class AllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static Dataset data() {
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[20_000 * 12];
        int[] labels = new int[20_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = x[i * 12] > 0 ? 1 : x[i * 12 + 1] > 0 ? 2 : 0;
        }
        return Dataset.classification(x, 12, labels, 3);
    }

    private static Network network() {
        return Network.builder(12).dense(24, Activation.RELU).dropout(0.1f).dense(16, Activation.IDENTITY)
                .batchNorm(Activation.TANH).dense(3, Activation.SOFTMAX).seed(1).build();
    }

    /**
     * Bytes allocated per step between batch {@code from} and an epoch's last batch, by this thread or also
     * by the pool's workers: the least of the last three epochs.
     */
    private static double bytesPerStep(Trainer.Builder builder, Dataset data, boolean allThreads) {
        int from = 200;
        long[] mark = new long[1];
        long[][] threadIds = new long[1][];
        double[] perStep = {Double.MAX_VALUE};
        int epochs = 8;
        Trainer trainer = builder.epochs(epochs).listener(new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, int batches, double loss, double smoothed) {
                if (epoch < epochs - 2) {
                    return;
                }
                if (batch == from - 1) {
                    threadIds[0] = allThreads ? trainingThreadIds() : new long[] {Thread.currentThread().threadId()};
                }
                if (batch != from && batch != batches - 1) {
                    return;
                }
                long now = 0;
                for (long bytes : THREADS.getThreadAllocatedBytes(threadIds[0])) {
                    now += bytes;
                }
                if (batch == from) {
                    mark[0] = now;
                } else if (batch == batches - 1) {
                    // the best of the last three epochs: a one-off event elsewhere in the JVM is not a step's
                    perStep[0] = Math.min(perStep[0], (double) (now - mark[0]) / (batch - from));
                }
            }
        }).build();
        trainer.fit(network(), data);
        return perStep[0];
    }

    /** This thread and the pool's workers (named "trainer-…"). */
    private static long[] trainingThreadIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().startsWith("trainer-"))
                .mapToLong(Thread::threadId).toArray();
    }

    @Test
    void oneThread() {
        double bytes = bytesPerStep(Trainer.builder(Loss.CROSS_ENTROPY, new Adam(1e-3f)).kernels(Kernels.auto())
                .batchSize(32).l2(1e-4f), data(), false);
        assertTrue(bytes < 8, bytes + " bytes allocated per training step");
    }

    @Test
    void withWeightsClippingAndAdamW() {
        Dataset data = data();
        double bytes = bytesPerStep(Trainer.builder(Loss.CROSS_ENTROPY, new AdamW(1e-3f, 0.01f))
                .kernels(Kernels.auto()).batchSize(32).clipNorm(0.1f).clipValue(0.01f),
                data.withClassWeights(data.balancedClassWeights()), false);
        assertTrue(bytes < 8, bytes + " bytes allocated per weighted, clipped AdamW step");
    }

    @Test
    void shardedOnAPool() {
        ForkJoinPool pool = new ForkJoinPool(2, p -> {
            var worker = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            worker.setName("trainer-" + worker.getName());
            return worker;
        }, null, false);
        try {
            double bytes = bytesPerStep(Trainer.builder(Loss.CROSS_ENTROPY, new Adam(1e-3f)).kernels(Kernels.auto())
                    .batchSize(32).l2(1e-4f).pool(pool).shards(2), data(), true);
            assertTrue(bytes < 8, bytes + " bytes allocated per sharded training step");
        } finally {
            pool.shutdown();
        }
    }
}
