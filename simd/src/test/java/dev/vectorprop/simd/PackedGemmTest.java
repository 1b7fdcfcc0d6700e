package dev.vectorprop.simd;

import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.kernel.PackedMatrix;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Precision;
import dev.vectorprop.nn.Predictor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Products with B packed once give gemm's bits, whatever the shape: the predictor's weights are packed so. */
class PackedGemmTest {
    private static final Kernels K = VectorKernels.INSTANCE;

    private static float[] random(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(4) == 0 ? 0f : (float) random.nextDouble(-1, 1);
        }
        return x;
    }

    @Test
    void packedProductsGiveTheBitsOfGemmOverOddShapesAndBlockEdges() {
        int l = Lanes.LENGTH;
        for (int m : new int[] {1, 2, 5, 6, 7, 11, 12, 13, 64, 67}) {
            for (int n : new int[] {1, l, l + 1, 4 * l - 1, 4 * l, 4 * l + 3, 130, VectorGemm.NC + 2 * l + 1}) {
                for (int k : new int[] {1, 17, VectorGemm.KC - 1, VectorGemm.KC, VectorGemm.KC + 1, 800}) {
                    int ldb = n + 3; // B inside a wider array, at an offset
                    float[] b = random(5 + k * ldb, m * 31L + n * 7L + k);
                    float[] a = random(m * k, k);
                    float[] expected = new float[m * n];
                    K.gemm(m, n, k, a, 0, k, b, 5, ldb, 0f, expected, 0, n);
                    PackedMatrix packed = K.pack(k, n, b, 5, ldb);
                    float[] actual = new float[m * n];
                    java.util.Arrays.fill(actual, Float.NaN); // beta 0: the old contents are ignored
                    K.gemmPacked(m, packed, a, 0, k, actual, 0, n);
                    assertArrayEquals(expected, actual, m + "×" + n + "×" + k);
                }
            }
        }
    }

    @Test
    void aPredictorsBatchesGiveTheBitsOfTheNetworksOwnProduct() {
        Network net = Network.builder(784).dense(512, Activation.RELU).dense(512, Activation.RELU)
                .dense(10, Activation.SOFTMAX).seed(8).build();
        float[] x = random(40 * 784, 3);
        float[] packed = new float[40 * 10];
        Predictor.of(net, K, Precision.FP32).predict(x, 40, packed);
        float[] plain = new float[40 * 10];
        Predictor.of(net, Kernels.scalar(), Precision.FP32).predict(x, 40, plain);
        for (int i = 0; i < plain.length; i++) {
            assertEquals(plain[i], packed[i], 1e-5, "output " + i); // scalar against SIMD: close, not equal
        }
        // and the same rows one at a time (the unpacked one-row path) give the batch's bits
        float[] row = new float[10];
        Predictor p = Predictor.of(net, K, Precision.FP32);
        for (int r = 0; r < 40; r++) {
            p.predict(java.util.Arrays.copyOfRange(x, r * 784, (r + 1) * 784), 1, row);
            assertArrayEquals(java.util.Arrays.copyOfRange(packed, r * 10, r * 10 + 10), row, "row " + r);
        }
    }

    @Test
    void aMatrixPackedByOtherKernelsIsRefused() {
        PackedMatrix foreign = new PackedMatrix(2, 2, 12345, new float[4]);
        assertThrows(IllegalArgumentException.class, () -> K.gemmPacked(2, foreign, new float[4], 0, 2, new float[4], 0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Kernels.scalar().gemmPacked(2, foreign, new float[4], 0, 2, new float[4], 0, 2));
    }
}
