package dev.vectorprop.simd;

import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Precision;
import dev.vectorprop.nn.Predictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Prediction of 784-512-512-10 on the SIMD kernels, in both precisions. */
class SimdPredictionTest {
    private static final Kernels K = VectorKernels.INSTANCE;

    private static Network network() {
        return Network.builder(784).dense(512, Activation.RELU).dense(512, Activation.RELU)
                .dense(10, Activation.SOFTMAX).seed(8).build();
    }

    private static float[] pixels(int rows) {
        SplittableRandom random = new SplittableRandom(9);
        float[] x = new float[rows * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(2) == 0 ? 0f : (float) random.nextDouble(); // blank pixels, as in images
        }
        return x;
    }

    @Test
    void bf16RowsGiveTheSameBitsAloneAsInABatchAndAgreeWithFloat() {
        Network net = network();
        Predictor bf16 = Predictor.of(net, K, Precision.BF16);
        Predictor fp32 = Predictor.of(net, K);
        int rows = 70;
        float[] x = pixels(rows);
        float[] batch = new float[rows * 10];
        bf16.predict(x, rows, batch);
        float[] exact = new float[rows * 10];
        fp32.predict(x, rows, exact);
        for (int i = 0; i < rows; i++) {
            float[] row = Arrays.copyOfRange(x, i * 784, (i + 1) * 784);
            float[] alone = bf16.predict(row);
            assertArrayEquals(Arrays.copyOfRange(batch, i * 10, (i + 1) * 10), alone, "row " + i);
            for (int j = 0; j < 10; j++) {
                assertEquals(exact[i * 10 + j], alone[j], 5e-3, "row " + i + ", class " + j);
            }
            assertEquals(fp32.classify(row), bf16.classify(row), "class of row " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void oneRowPredictionAllocatesNothingOnceWarm(Precision precision) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Predictor predictor = Predictor.of(network(), K, precision);
        float[] row = pixels(1);
        float[] out = new float[10];
        long fewest = Long.MAX_VALUE;
        // the JIT compiles in the background: warm is when a window of calls allocates nothing
        for (int window = 0; window < 60 && fewest > 0; window++) {
            for (int i = 0; i < 200; i++) {
                predictor.predict(row, 1, out);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                predictor.predict(row, 1, out);
            }
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, fewest, "bytes allocated by 100 one-row predictions, in the best of 60 windows");
    }
}
