package dev.vectorprop.simd;

import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Precision;
import dev.vectorprop.nn.Predictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void finiteInputsWhoseSumOverflowsAreAcceptedAndABadOneAmongThemIsNamed() {
        // the input check sums the rows in float vectors: a sum past float's range must not refuse finite rows
        Predictor predictor = Predictor.of(Network.builder(40).dense(3, Activation.IDENTITY).seed(1).build(), K);
        float[] x = new float[4 * 40];
        Arrays.fill(x, 3e38f);
        float[] out = new float[4 * 3];
        predictor.predict(x, 4, out);
        x[2 * 40 + 33] = Float.NEGATIVE_INFINITY;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> predictor.predict(x, 4, out));
        assertEquals("row 2, column 33 is -Infinity, not a finite number", e.getMessage());
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
    void twoThreadsGiveTheBitsOfOne(Precision precision) {
        Predictor one = Predictor.of(network(), K, precision);
        Predictor two = one.withThreads(2);
        int rows = 300;
        float[] x = pixels(rows);
        for (int i = 0; i < 40; i++) {
            float[] row = Arrays.copyOfRange(x, i * 784, (i + 1) * 784);
            assertArrayEquals(one.predict(row), two.predict(row), "row " + i);
        }
        float[] expected = new float[rows * 10];
        one.predict(x, rows, expected);
        float[] got = new float[rows * 10];
        two.predict(x, rows, got);
        assertArrayEquals(expected, got);
    }

    @ParameterizedTest
    @CsvSource({"FP32, 1", "BF16, 1", "FP32, 2", "BF16, 2"})
    void oneRowPredictionAllocatesNothingOnceWarm(Precision precision, int threadCount) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Set<Thread> before = helpers();
        Predictor predictor = Predictor.of(network(), K, precision).withThreads(threadCount);
        Set<Thread> mine = helpers();
        mine.removeAll(before);
        long[] ids = mine.stream().mapToLong(Thread::threadId).toArray();
        assertEquals(threadCount - 1, ids.length, "the predictor's helper threads");
        float[] row = pixels(1);
        float[] out = new float[10];
        long fewest = Long.MAX_VALUE;
        // the JIT compiles in the background: warm is when a window of calls allocates nothing
        for (int window = 0; window < 60 && fewest > 0; window++) {
            for (int i = 0; i < 200; i++) {
                predictor.predict(row, 1, out);
            }
            long start = allocated(threads, ids);
            for (int i = 0; i < 100; i++) {
                predictor.predict(row, 1, out);
            }
            fewest = Math.min(fewest, allocated(threads, ids) - start);
        }
        assertEquals(0, fewest, "bytes allocated by 100 one-row predictions (on the caller's thread and the "
                + "predictor's helpers), in the best of 60 windows");
    }

    /** Bytes allocated so far by this thread and the given ones; itself allocating nothing. */
    private static long allocated(com.sun.management.ThreadMXBean threads, long[] ids) {
        long bytes = threads.getCurrentThreadAllocatedBytes();
        for (long id : ids) {
            bytes += threads.getThreadAllocatedBytes(id);
        }
        return bytes;
    }

    private static Set<Thread> helpers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("vectorprop-predictor-")).collect(Collectors.toSet());
    }
}
