package dev.vectorprop.nn;

import dev.vectorprop.Allocations;
import dev.vectorprop.kernel.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PredictorTest {
    private static final Kernels K = Kernels.scalar();

    private static Network network() {
        return Network.builder(13).dense(17, Activation.RELU).dropout(0.5f).dense(9, Activation.IDENTITY)
                .batchNorm(Activation.TANH).dense(4, Activation.SOFTMAX).seed(2).build();
    }

    @Test
    void concurrentCallsGiveTheSameBitsAsOneThread() throws Exception {
        Predictor predictor = Predictor.of(network(), K);
        Random random = new Random(1);
        float[][] rows = new float[500][13];
        for (float[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        float[][] expected = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            expected[i] = predictor.predict(rows[i]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[][]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    float[][] out = new float[rows.length][];
                    for (int i = 0; i < rows.length; i++) {
                        out[i] = predictor.predict(rows[i]);
                    }
                    return out;
                }));
            }
            for (Future<float[][]> result : results) {
                float[][] got = result.get();
                for (int i = 0; i < rows.length; i++) {
                    assertArrayEquals(expected[i], got[i], "row " + i);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aNetworkWithANonFiniteParameterIsRefused() {
        Network net = network();
        net.parameters()[5] = Float.POSITIVE_INFINITY;
        for (Precision precision : Precision.values()) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Predictor.of(net, K, precision));
            assertEquals("parameter 5 of the network is Infinity: a network with a non-finite parameter cannot predict",
                    e.getMessage());
        }
    }

    @Test
    void isASnapshotThatLaterTrainingDoesNotChange() {
        Network net = network();
        Predictor predictor = Predictor.of(net, K);
        float[] row = new float[13];
        row[3] = 1f;
        float[] before = predictor.predict(row);
        java.util.Arrays.fill(net.parameters(), 0.5f);
        assertArrayEquals(before, predictor.predict(row));
        assertEquals(predictor.classify(row), predictor.classOf(before, 0));
    }

    @Test
    void inBf16ARowGivesTheSameBitsAloneAsInABatchAndCloseToFloat() {
        Network net = network();
        Predictor bf16 = Predictor.of(net, K, Precision.BF16);
        Predictor fp32 = Predictor.of(net, K);
        assertEquals(Precision.BF16, bf16.precision());
        Random random = new Random(5);
        int rows = 40;
        float[] x = new float[rows * 13];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(3) == 0 ? 0f : (float) random.nextGaussian();
        }
        float[] batch = new float[rows * 4];
        bf16.predict(x, rows, batch);
        float[] exact = new float[rows * 4];
        fp32.predict(x, rows, exact);
        for (int i = 0; i < rows; i++) {
            float[] alone = bf16.predict(java.util.Arrays.copyOfRange(x, i * 13, (i + 1) * 13));
            assertArrayEquals(java.util.Arrays.copyOfRange(batch, i * 4, (i + 1) * 4), alone, "row " + i);
            for (int j = 0; j < 4; j++) {
                assertEquals(exact[i * 4 + j], alone[j], 0.02, "row " + i + ", class " + j);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void predictingIntoTheCallersArraysAllocatesNothingOnceWarm(Precision precision) {
        Predictor predictor = Predictor.of(network(), K, precision);
        float[] rows = new float[3 * 13];
        float[] out = new float[3 * 4];
        int[] calls = {0};
        long fewest = Allocations.leastPer1000Calls(() -> predictor.predict(rows, 1 + calls[0]++ % 3, out));
        assertEquals(0, fewest, "bytes allocated by 1,000 predictions, in the best of 20 windows");
    }
}
