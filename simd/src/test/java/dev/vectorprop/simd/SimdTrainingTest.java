package dev.vectorprop.simd;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.internal.NetworkAccess;
import dev.vectorprop.internal.Shard;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Reduction;
import dev.vectorprop.optim.Adam;
import dev.vectorprop.train.EpochResult;
import dev.vectorprop.train.History;
import dev.vectorprop.train.Trainer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training with the SIMD kernels: the scalar loss curve, bit-reproducibility, and GEMM that allocates nothing. */
class SimdTrainingTest {
    private static Dataset data() {
        SplittableRandom random = new SplittableRandom(3);
        int rows = 2_000;
        float[] x = new float[rows * 37];
        int[] labels = new int[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < rows; i++) {
            labels[i] = (x[i * 37] + x[i * 37 + 5] > 0 ? 1 : 0) + (x[i * 37 + 9] > 0.3 ? 2 : 0);
        }
        return Dataset.classification(x, 37, labels, 4);
    }

    private static Network network() {
        return Network.builder(37).dense(53, Activation.RELU).dense(29, Activation.TANH).dense(4, Activation.SOFTMAX)
                .seed(5).build();
    }

    @Test
    void scalarAndSimdGiveTheSameLossCurve() {
        History scalar = Trainer.builder(Loss.CROSS_ENTROPY, new Adam(3e-3f)).kernels(Kernels.scalar())
                .batchSize(32).epochs(8).seed(1).build().fit(network(), data());
        History simd = Trainer.builder(Loss.CROSS_ENTROPY, new Adam(3e-3f)).kernels(VectorKernels.INSTANCE)
                .batchSize(32).epochs(8).seed(1).build().fit(network(), data());
        for (int e = 0; e < 8; e++) {
            EpochResult a = scalar.epochs().get(e);
            EpochResult b = simd.epochs().get(e);
            assertEquals(a.trainingLoss(), b.trainingLoss(), 1e-3 * a.trainingLoss(), "epoch " + (e + 1));
        }
        assertTrue(simd.last().trainingLoss() < 0.5 * simd.epochs().getFirst().trainingLoss());
    }

    private static float[] train(int threads) {
        Network net = network();
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            Trainer.builder(Loss.CROSS_ENTROPY, new Adam(3e-3f)).kernels(VectorKernels.INSTANCE).batchSize(64)
                    .epochs(2).seed(2).shards(3).pool(pool).build().fit(net, data());
        } finally {
            pool.shutdown();
        }
        return net.parameters();
    }

    @Test
    void sameSeedAndShardsGiveIdenticalBitsWithAnyPool() {
        float[] one = train(1);
        assertArrayEquals(one, train(2), "two threads");
        assertArrayEquals(one, train(4), "four threads");
    }

    @Test
    void gemmAllocatesNothingOnceWarm() {
        Kernels k = VectorKernels.INSTANCE;
        float[] a = new float[64 * 784];
        float[] b = new float[784 * 512];
        float[] c = new float[784 * 512];
        Map<String, Runnable> products = new LinkedHashMap<>();
        products.put("forward 64×784·784×512", () -> k.gemm(64, 512, 784, a, 0, 784, b, 0, 512, 0f, c, 0, 512));
        products.put("output layer 64×512·512×10", () -> k.gemm(64, 10, 512, a, 0, 512, b, 0, 10, 0f, c, 0, 10));
        products.put("one row 1×784·784×512", () -> k.gemm(1, 512, 784, a, 0, 784, b, 0, 512, 1f, c, 0, 512));
        products.put("one row 1×512·512×10", () -> k.gemm(1, 10, 512, a, 0, 512, b, 0, 10, 0f, c, 0, 10));
        products.put("A·Bᵀ 64×512·(784×512)ᵀ", () -> k.gemmNT(64, 784, 512, a, 0, 512, b, 0, 512, 0f, c, 0, 784));
        products.put("Aᵀ·B (64×784)ᵀ·64×512", () -> k.gemmTN(784, 512, 64, a, 0, 784, b, 0, 512, 0f, c, 0, 512));
        products.put("small layer 32×64·64×64", () -> k.gemm(32, 64, 64, a, 0, 64, b, 0, 64, 0f, c, 0, 64));
        products.put("small A·Bᵀ 32×64·(64×64)ᵀ", () -> k.gemmNT(32, 64, 64, a, 0, 64, b, 0, 64, 0f, c, 0, 64));
        products.put("a shard's A·Bᵀ 32×512·(512×512)ᵀ", () -> k.gemmNT(32, 512, 512, a, 0, 512, b, 0, 512, 0f, c, 0,
                512));
        products.put("one column (32×64)ᵀ·32×1", () -> k.gemmTN(64, 1, 32, a, 0, 64, b, 0, 1, 0f, c, 0, 1));
        float[] delta = new float[64 * 10]; // exactly its size: a panel's last rows end at the array's end
        products.put("output weight gradient (64×512)ᵀ·64×10", () -> k.gemmTN(512, 10, 64, a, 0, 512, delta, 0, 10, 0f,
                c, 0, 10));
        products.forEach((name, product) -> {
            long fewest = fewestBytesOnceWarm(product, 200, 50, 64);
            assertTrue(fewest < 64, name + ": " + fewest + " bytes allocated by 50 calls, in the best of 60 windows");
        });
    }

    /**
     * The least this thread allocates in {@code measured} runs of work, each window after {@code warm}
     * more runs, over up to 60 windows or until one allocates less than {@code enough}. The JIT compiles
     * in the background, so "warm" is when a window allocates nothing; work that allocates each time (a
     * buffer, a boxed vector, a Vector API slow path) allocates in every window.
     */
    private static long fewestBytesOnceWarm(Runnable work, int warm, int measured, long enough) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < 60 && fewest >= enough; window++) {
            for (int i = 0; i < warm; i++) {
                work.run();
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < measured; i++) {
                work.run();
            }
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return fewest;
    }

    /** A whole SIMD training step (forward, cross-entropy, backward, Adam) allocates nothing once warm. */
    @Test
    void aTrainingStepAllocatesNothingOnceWarm() {
        Kernels k = VectorKernels.INSTANCE;
        Network net = Network.builder(784).dense(512, Activation.RELU).dense(512, Activation.RELU)
                .dense(10, Activation.SOFTMAX).seed(3).build();
        Shard w = NetworkAccess.get().newShard(net, 64);
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 64 * 784; i++) {
            w.input()[i] = (float) random.nextDouble();
        }
        for (int r = 0; r < 64; r++) {
            w.target()[r * 10 + random.nextInt(10)] = 1f;
        }
        Adam adam = new Adam(1e-3f);
        Runnable step = () -> {
            w.forward(k, 64, true);
            w.backward(k, Loss.CROSS_ENTROPY, Reduction.MEAN, 64, null);
            adam.step(k, net.parameters(), w.gradients());
        };
        long fewest = fewestBytesOnceWarm(step, 100, 20, 1);
        assertEquals(0, fewest, "bytes allocated by 20 training steps of 784-512-512-10, in the best of 60 windows");
    }
}
