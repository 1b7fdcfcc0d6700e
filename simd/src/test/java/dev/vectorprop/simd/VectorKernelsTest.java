package dev.vectorprop.simd;

import dev.vectorprop.kernel.Bf16Matrix;
import dev.vectorprop.kernel.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every method of {@link VectorKernels} against the scalar kernels on random data, tails and offsets. */
class VectorKernelsTest {
    private static final Kernels SCALAR = Kernels.scalar();
    private static final Kernels SIMD = VectorKernels.INSTANCE;
    private static final double FLOAT_EPS = 0x1.0p-23;

    /** The one tolerance check: |expected − actual| ≤ bound, with a message naming where. */
    static void assertNear(double expected, double actual, double bound, String where) {
        if (!(Math.abs(expected - actual) <= bound) && !(Double.isNaN(expected) && Double.isNaN(actual))) {
            fail(where + ": expected " + expected + ", got " + actual + " (bound " + bound + ")");
        }
    }

    /** Element-wise: relative tolerance plus a small absolute floor. */
    static void assertArrayNear(float[] expected, float[] actual, double relative, double absolute, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertNear(expected[i], actual[i], relative * Math.abs(expected[i]) + absolute, what + "[" + i + "]");
        }
    }

    private static float[] random(SplittableRandom r, int n, double range) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(-range, range);
        }
        return x;
    }

    @Test
    void isWhatKernelsAutoChooses() {
        assertSame(SIMD, Kernels.auto());
        assertEquals("simd-" + Lanes.SPECIES.vectorBitSize(), SIMD.name());
    }

    // ---- GEMM ----

    record Shape(int m, int n, int k) {
    }

    static Stream<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        int[] sizes = {1, 2, 3, 5, 7, 8, 11, 13, 16, 17, 23, 31, 32, 33, 47, 63, 64, 65, 67};
        SplittableRandom r = new SplittableRandom(7);
        for (int m : sizes) {
            for (int n : sizes) {
                shapes.add(new Shape(m, n, sizes[r.nextInt(sizes.length)]));
            }
        }
        for (int k = 1; k <= 67; k++) {
            shapes.add(new Shape(1 + r.nextInt(67), 1 + r.nextInt(67), k));
        }
        shapes.add(new Shape(1, 1, 1));
        shapes.add(new Shape(200, 3, 5));     // tall, skinny
        shapes.add(new Shape(3, 300, 7));     // wide
        shapes.add(new Shape(6, 64, 600));    // k blocked twice
        shapes.add(new Shape(64, 512, 784));  // MLP forward
        shapes.add(new Shape(64, 10, 512));   // MLP output layer
        shapes.add(new Shape(64, 784, 512));  // back to the inputs
        shapes.add(new Shape(784, 512, 64));  // weight gradient
        shapes.add(new Shape(1, 512, 784));   // one-row prediction
        shapes.add(new Shape(1, 529, 401));   // one row: wide panels, k blocked, a tail of columns
        shapes.add(new Shape(67, 300, 257));  // A·Bᵀ as (B·Aᵀ)ᵀ, partial tiles
        shapes.add(new Shape(32, 512, 512));  // A·Bᵀ for a shard: B read in place, one panel of Aᵀ, blocks of 12, 8
        shapes.add(new Shape(45, 301, 259));  // the same over two panels of Aᵀ, the second partial, an odd depth
        shapes.add(new Shape(301, 13, 70));   // Aᵀ·B one vector wide as (Bᵀ·A)ᵀ, partial tiles
        shapes.add(new Shape(29, 1100, 400)); // packed A: B copied NC columns at a time, a partial last panel
        return shapes.stream();
    }

    private enum Form { NN, NT, TN }

    @ParameterizedTest
    @MethodSource("shapes")
    void gemmInAllThreeFormsWithOffsetsAndLeadingDimensions(Shape s) {
        SplittableRandom r = new SplittableRandom(s.hashCode());
        for (Form form : Form.values()) {
            for (float beta : new float[] {0f, 1f, 0.5f}) {
                checkGemm(form, s, beta, r);
            }
        }
    }

    private static void checkGemm(Form form, Shape s, float beta, SplittableRandom r) {
        int m = s.m(), n = s.n(), k = s.k();
        // A is m×k (NN, NT) or k×m (TN); B is k×n (NN, TN) or n×k (NT)
        int aRows = form == Form.TN ? k : m, aCols = form == Form.TN ? m : k;
        int bRows = form == Form.NT ? n : k, bCols = form == Form.NT ? k : n;
        int lda = aCols + r.nextInt(4), ldb = bCols + r.nextInt(4), ldc = n + r.nextInt(4);
        int aOff = r.nextInt(5), bOff = r.nextInt(5), cOff = r.nextInt(5);
        float[] a = random(r, aOff + aRows * lda, 1);
        float[] b = random(r, bOff + bRows * ldb, 1);
        float[] c0 = random(r, cOff + m * ldc, 1);
        if (beta == 0f) {
            Arrays.fill(c0, Float.NaN); // beta 0 must ignore C, even NaN
        }
        float[] expected = c0.clone();
        float[] actual = c0.clone();
        switch (form) {
            case NN -> {
                SCALAR.gemm(m, n, k, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
                SIMD.gemm(m, n, k, a, aOff, lda, b, bOff, ldb, beta, actual, cOff, ldc);
            }
            case NT -> {
                SCALAR.gemmNT(m, n, k, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
                SIMD.gemmNT(m, n, k, a, aOff, lda, b, bOff, ldb, beta, actual, cOff, ldc);
            }
            case TN -> {
                SCALAR.gemmTN(m, n, k, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
                SIMD.gemmTN(m, n, k, a, aOff, lda, b, bOff, ldb, beta, actual, cOff, ldc);
            }
        }
        for (int i = 0; i < actual.length; i++) {
            int row = (i - cOff) / ldc, col = (i - cOff) % ldc;
            boolean inside = i >= cOff && row < m && col < n;
            String where = form + " " + s + " beta " + beta + " C[" + row + "][" + col + "]";
            if (!inside) {
                assertEquals(Float.floatToRawIntBits(c0[i]), Float.floatToRawIntBits(actual[i]),
                        where + ": written outside C");
                continue;
            }
            // Both sum K products in different orders: bound by K·ε·Σ|a·b| (+ |beta·c|).
            double magnitude = beta == 0f ? 0 : Math.abs(beta * c0[i]);
            for (int p = 0; p < k; p++) {
                float x = switch (form) {
                    case TN -> a[aOff + p * lda + row];
                    default -> a[aOff + row * lda + p];
                };
                float y = switch (form) {
                    case NT -> b[bOff + col * ldb + p];
                    default -> b[bOff + p * ldb + col];
                };
                magnitude += Math.abs(x * y);
            }
            assertFalse(Float.isNaN(actual[i]), where + " is NaN");
            assertNear(expected[i], actual[i], (k + 2) * FLOAT_EPS * magnitude + 1e-30, where);
        }
    }

    /** A B exactly one panel wide is read in place, not copied: the same bits as the same B stored wider. */
    @Test
    void bOnePanelWideInPlaceGivesTheBitsOfTheCopiedPanel() {
        int m = 2 * VectorGemm.PACK_B_ROWS + 1, n = VectorGemm.NR, k = VectorGemm.KC + 5;
        SplittableRandom r = new SplittableRandom(11);
        float[] a = random(r, m * k, 1);
        float[] panelWide = random(r, k * n, 1);
        float[] wider = new float[k * (n + 3)];
        for (int p = 0; p < k; p++) {
            System.arraycopy(panelWide, p * n, wider, p * (n + 3), n);
        }
        for (float beta : new float[] {0f, 0.5f}) {
            float[] inPlace = random(new SplittableRandom(3), m * n, 1);
            float[] copied = inPlace.clone();
            SIMD.gemm(m, n, k, a, 0, k, panelWide, 0, n, beta, inPlace, 0, n);
            SIMD.gemm(m, n, k, a, 0, k, wider, 0, n + 3, beta, copied, 0, n);
            assertArrayEquals(copied, inPlace, "beta " + beta);
        }
    }

    /** k in blocks of at most KC, as even as they go, whatever else the product is. */
    @Test
    void kIsCutIntoEvenBlocksOfAtMostKc() {
        assertEquals(262, VectorGemm.blockDepth(784)); // 262 + 262 + 260
        assertEquals(256, VectorGemm.blockDepth(512));
        assertEquals(VectorGemm.KC, VectorGemm.blockDepth(VectorGemm.KC));
        assertEquals(VectorGemm.KC / 2 + 1, VectorGemm.blockDepth(VectorGemm.KC + 1));
        assertEquals(1, VectorGemm.blockDepth(1));
        for (int k = 1; k <= 3 * VectorGemm.KC + 7; k++) {
            int depth = VectorGemm.blockDepth(k);
            int blocks = (k + depth - 1) / depth;
            assertTrue(depth <= VectorGemm.KC && blocks == (k + VectorGemm.KC - 1) / VectorGemm.KC,
                    "k " + k + ": blocks of " + depth);
            assertTrue(k - (blocks - 1) * depth > depth - blocks, "k " + k + ": a last block much shallower");
        }
    }

    /**
     * Prediction of a row alone must give the bits it gets in a batch, whichever kernel each takes, and
     * although a row alone skips its zeros.
     */
    @Test
    void aRowAloneGivesTheSameBitsAsInABatch() {
        SplittableRandom r = new SplittableRandom(11);
        int k = 784;
        for (int n : new int[] {1, 10, 100, 200, 300, 512}) { // the one-row kernel's 4, 8 and 16 vectors and tails
            float[] b = random(r, k * n, 1);
            for (int m : new int[] {5, 7, 64}) {
                float[] a = random(r, m * k, 1);
                for (int i = 0; i < a.length; i += 1 + r.nextInt(3)) {
                    a[i] = 0f; // zeros, which a row alone skips
                }
                // row 0's second block of k is all zeros, row 1 is all zeros: blocks a row alone has nothing in
                int depth = VectorGemm.blockDepth(k);
                Arrays.fill(a, depth, 2 * depth, 0f);
                Arrays.fill(a, k, 2 * k, 0f);
                float[] at = new float[k * m];
                for (int i = 0; i < m; i++) {
                    for (int p = 0; p < k; p++) {
                        at[p * m + i] = a[i * k + p];
                    }
                }
                float[] batch = new float[m * n];
                float[] batchT = new float[m * n];
                SIMD.gemm(m, n, k, a, 0, k, b, 0, n, 0f, batch, 0, n);
                SIMD.gemmTN(m, n, k, at, 0, m, b, 0, n, 0f, batchT, 0, n);
                for (int i = 0; i < m; i++) {
                    float[] alone = new float[n];
                    float[] aloneT = new float[n];
                    SIMD.gemm(1, n, k, a, i * k, k, b, 0, n, 0f, alone, 0, n);
                    SIMD.gemmTN(1, n, k, at, i, m, b, 0, n, 0f, aloneT, 0, n);
                    String where = "row " + i + " of " + m + "×" + n;
                    assertEquals(Arrays.toString(Arrays.copyOfRange(batch, i * n, (i + 1) * n)), Arrays.toString(alone),
                            where);
                    assertEquals(Arrays.toString(Arrays.copyOfRange(batchT, i * n, (i + 1) * n)),
                            Arrays.toString(aloneT), where + " (Aᵀ·B)");
                }
            }
        }
    }

    /**
     * The 16-bit product is the one-row GEMM on the decoded weights, bit for bit (so a row predicted in
     * bfloat16 alone matches its batch), over block edges, every partial group and zeros in x; and near
     * the scalar reference.
     */
    @Test
    void bf16RowProductIsTheOneRowGemmOnItsValues() {
        SplittableRandom r = new SplittableRandom(17);
        for (int k : new int[] {1, 2, 17, 383, 384, 385, 784, 800}) {
            for (int n : new int[] {1, 10, 15, 16, 17, 31, 32, 33, 64, 100, 255, 256, 257, 288, 512, 530}) {
                float[] w = random(r, k * n, 0.1);
                Bf16Matrix m = Bf16Matrix.of(k, n, w, 0, n);
                float[] decoded = new float[k * n];
                m.decodeInto(decoded, 0, n);
                int xOff = r.nextInt(5);
                float[] x = random(r, xOff + k, 1);
                for (int p = 0; p < k; p++) {
                    // a third of the entries zero, and for k = 800 the whole second block of 384
                    if (r.nextInt(3) == 0 || k == 800 && p >= VectorGemm.KC && p < 2 * VectorGemm.KC) {
                        x[xOff + p] = 0f;
                    }
                }
                float[] expected = new float[n];
                SIMD.gemm(1, n, k, x, xOff, k, decoded, 0, n, 0f, expected, 0, n);
                int cOff = r.nextInt(5);
                float[] got = new float[cOff + n]; // exactly its size: the last vector would reach past the end
                Arrays.fill(got, Float.NaN);
                SIMD.gemvBf16(m, x, xOff, got, cOff);
                String where = "1×" + k + " · " + k + "×" + n;
                assertEquals(Arrays.toString(expected), Arrays.toString(Arrays.copyOfRange(got, cOff, cOff + n)), where);
                float[] reference = new float[n];
                SCALAR.gemvBf16(m, x, xOff, reference, 0);
                assertArrayNear(reference, expected, 1e-5, 1e-5 * Math.sqrt(k), where + " against the scalar kernel");
            }
        }
    }

    // ---- element-wise kernels, over lengths that hit every tail ----

    static Stream<Integer> lengths() {
        return Stream.of(1, 2, 3, 4, 6, 7, 8, 13, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 207, 1000, 4098);
    }

    interface Unary {
        void apply(Kernels k, int n, float[] in, int inOffset, float[] out, int outOffset);
    }

    private static void checkUnary(String name, Unary op, int n, double range, double relative, double absolute) {
        SplittableRandom r = new SplittableRandom(n * 31L + name.hashCode());
        int inOff = 1 + r.nextInt(7), outOff = r.nextInt(7);
        float[] in = random(r, inOff + n + 3, range);
        float[] expected = random(r, outOff + n + 3, 1);
        float[] actual = expected.clone();
        op.apply(SCALAR, n, in, inOff, expected, outOff);
        op.apply(SIMD, n, in, inOff, actual, outOff);
        assertArrayNear(expected, actual, relative, absolute, name + " n=" + n);
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void activationsForward(int n) {
        checkUnary("sigmoid", Kernels::sigmoid, n, 30, 1e-6, 1e-30);
        checkUnary("tanh", Kernels::tanh, n, 10, 1e-6, 1e-30);
        checkUnary("relu", Kernels::relu, n, 3, 0, 0);
        checkUnary("hardTanh", Kernels::hardTanh, n, 3, 0, 0);
        checkUnary("sign", Kernels::sign, n, 3, 0, 0);
    }

    interface Backward {
        void apply(Kernels k, int n, float[] x, int xOffset, float[] dh, int dhOffset, float[] dz, int dzOffset);
    }

    private static void checkBackward(String name, Backward op, int n, double relative) {
        SplittableRandom r = new SplittableRandom(n * 17L + name.hashCode());
        int xOff = r.nextInt(5), dhOff = r.nextInt(5), dzOff = r.nextInt(5);
        float[] x = random(r, xOff + n, 2);
        float[] dh = random(r, dhOff + n, 2);
        float[] expected = random(r, dzOff + n, 1);
        float[] actual = expected.clone();
        op.apply(SCALAR, n, x, xOff, dh, dhOff, expected, dzOff);
        op.apply(SIMD, n, x, xOff, dh, dhOff, actual, dzOff);
        assertArrayNear(expected, actual, relative, 1e-7, name + " n=" + n);
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void activationsBackward(int n) {
        checkBackward("sigmoidBackward", Kernels::sigmoidBackward, n, 1e-6);
        checkBackward("tanhBackward", Kernels::tanhBackward, n, 1e-6);
        checkBackward("reluBackward", Kernels::reluBackward, n, 0);
        checkBackward("hardTanhBackward", Kernels::hardTanhBackward, n, 0);
        checkBackward("multiply", Kernels::multiply, n, 0);
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void softmaxRowsAndItsJacobian(int cols) {
        SplittableRandom r = new SplittableRandom(cols);
        int rows = 3;
        float[] z = random(r, 2 + rows * cols, 20);
        float[] expected = new float[1 + rows * cols];
        float[] actual = new float[1 + rows * cols];
        SCALAR.softmaxRows(rows, cols, z, 2, expected, 1);
        SIMD.softmaxRows(rows, cols, z, 2, actual, 1);
        assertArrayNear(expected, actual, 2e-6, 1e-12, "softmax cols=" + cols);
        float[] dh = random(r, rows * cols, 1);
        float[] dzExpected = new float[rows * cols];
        float[] dzActual = new float[rows * cols];
        SCALAR.softmaxRowsBackward(rows, cols, expected, 1, dh, 0, dzExpected, 0);
        SIMD.softmaxRowsBackward(rows, cols, expected, 1, dh, 0, dzActual, 0);
        assertArrayNear(dzExpected, dzActual, 1e-5, 1e-7, "softmax backward cols=" + cols);
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void biasAndColumnSums(int cols) {
        SplittableRandom r = new SplittableRandom(cols + 99);
        int rows = 5, ld = cols + 2;
        float[] x = random(r, 3 + rows * ld, 1);
        float[] bias = random(r, 1 + cols, 1);
        float[] expected = x.clone();
        float[] actual = x.clone();
        SCALAR.addBias(rows, cols, bias, 1, expected, 3, ld);
        SIMD.addBias(rows, cols, bias, 1, actual, 3, ld);
        assertArrayNear(expected, actual, 0, 0, "addBias cols=" + cols);
        for (float beta : new float[] {0f, 1f, 0.5f}) {
            float[] out = random(r, 2 + cols, 1);
            float[] e = out.clone();
            float[] a = out.clone();
            SCALAR.columnSums(rows, cols, x, 3, ld, beta, e, 2);
            SIMD.columnSums(rows, cols, x, 3, ld, beta, a, 2);
            assertArrayNear(e, a, 1e-6, 1e-6, "columnSums beta=" + beta + " cols=" + cols);
        }
    }

    interface LossKernel {
        double apply(Kernels k, int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gOffset,
                     float scale);
    }

    private static void checkLoss(String name, LossKernel loss, float[] y, float[] t, int n) {
        float[] gradExpected = new float[n + 2];
        float[] gradActual = new float[n + 2];
        double expected = loss.apply(SCALAR, n, y, 1, t, 2, gradExpected, 2, 0.37f);
        double actual = loss.apply(SIMD, n, y, 1, t, 2, gradActual, 2, 0.37f);
        assertNear(expected, actual, 2e-6 * Math.abs(expected) + 1e-6, name + " value n=" + n);
        assertArrayNear(gradExpected, gradActual, 2e-6, 1e-7, name + " gradient n=" + n);
        assertNear(expected, loss.apply(SIMD, n, y, 1, t, 2, null, 0, 0.37f), 2e-6 * Math.abs(expected) + 1e-6,
                name + " without gradient n=" + n);
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void everyLoss(int n) {
        SplittableRandom r = new SplittableRandom(n + 5);
        float[] y = random(r, n + 1, 2);
        float[] t = random(r, n + 2, 2);
        checkLoss("squaredError", Kernels::squaredError, y, t, n);
        checkLoss("absoluteError", Kernels::absoluteError, y, t, n);
        float[] positive = y.clone();
        float[] positiveT = t.clone();
        float[] probabilities = y.clone();
        float[] bits = t.clone();
        float[] signs = t.clone();
        for (int i = 0; i < positive.length; i++) {
            positive[i] = Math.abs(positive[i]);
            probabilities[i] = (float) r.nextDouble(0, 1);
        }
        for (int i = 0; i < t.length; i++) {
            positiveT[i] = Math.abs(positiveT[i]);
            bits[i] = t[i] > 0 ? 1f : 0f;
            signs[i] = t[i] > 0 ? 1f : -1f;
        }
        probabilities[0] = 0f; // clamped at the floor
        checkLoss("squaredLogError", Kernels::squaredLogError, positive, positiveT, n);
        checkLoss("crossEntropy", Kernels::crossEntropy, probabilities, bits, n);
        checkLoss("binaryCrossEntropy", Kernels::binaryCrossEntropy, probabilities, bits, n);
        checkLoss("squaredHinge", Kernels::squaredHinge, y, signs, n);
        checkLoss("softmaxCrossEntropy", Kernels::softmaxCrossEntropy, probabilities, bits, n);
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void reductionsAndAxpy(int n) {
        SplittableRandom r = new SplittableRandom(n + 11);
        float[] x = random(r, n + 3, 1);
        float[] y = random(r, n + 4, 1);
        assertNear(SCALAR.sum(n, x, 3), SIMD.sum(n, x, 3), 1e-5 * n, "sum n=" + n);
        assertNear(SCALAR.dot(n, x, 2, y, 4), SIMD.dot(n, x, 2, y, 4), 1e-5 * n, "dot n=" + n);
        float[] e = y.clone();
        float[] a = y.clone();
        SCALAR.axpy(n, -0.7f, x, 3, e, 4);
        SIMD.axpy(n, -0.7f, x, 3, a, 4);
        assertArrayNear(e, a, 1e-6, 1e-7, "axpy n=" + n);
    }

    interface Update {
        void apply(Kernels k, float[] w, float[] g, float[] s1, float[] s2, int offset, int n);
    }

    private static void checkUpdate(String name, Update update, int n) {
        SplittableRandom r = new SplittableRandom(n * 3L + name.hashCode());
        int offset = r.nextInt(5);
        float[] w = random(r, offset + n + 2, 1);
        float[] g = random(r, offset + n + 2, 1);
        float[] s1 = random(r, offset + n + 2, 1);
        float[] s2 = random(r, offset + n + 2, 1);
        for (int i = 0; i < s2.length; i++) {
            s1[i] = name.equals("adam") ? s1[i] : Math.abs(s1[i]);
            s2[i] = Math.abs(s2[i]);
        }
        float[][] expected = {w.clone(), s1.clone(), s2.clone()};
        float[][] actual = {w.clone(), s1.clone(), s2.clone()};
        for (int step = 0; step < 3; step++) {
            update.apply(SCALAR, expected[0], g, expected[1], expected[2], offset, n);
            update.apply(SIMD, actual[0], g, actual[1], actual[2], offset, n);
        }
        for (int s = 0; s < 3; s++) {
            assertArrayNear(expected[s], actual[s], 1e-5, 1e-6, name + " array " + s + " n=" + n);
        }
    }

    private static final Update MOMENTUM = (k, w, g, s1, s2, o, len) -> k.momentumUpdate(len, g, w, s1, o, 0.1f, 0.9f);
    private static final Update NESTEROV = (k, w, g, s1, s2, o, len) -> k.nesterovUpdate(len, g, w, s1, o, 0.1f, 0.9f);
    private static final Update RMSPROP =
            (k, w, g, s1, s2, o, len) -> k.rmspropUpdate(len, g, w, s1, o, 0.01f, 0.9f, 1e-8f);
    private static final Update ADAM =
            (k, w, g, s1, s2, o, len) -> k.adamUpdate(len, g, w, s1, s2, o, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.001f);

    @ParameterizedTest
    @MethodSource("lengths")
    void optimizerUpdates(int n) {
        checkUpdate("sgd", (k, w, g, s1, s2, o, len) -> k.sgdUpdate(len, g, w, o, 0.1f), n);
        checkUpdate("momentum", MOMENTUM, n);
        checkUpdate("nesterov", NESTEROV, n);
        checkUpdate("adagrad", (k, w, g, s1, s2, o, len) -> k.adagradUpdate(len, g, w, s1, o, 0.1f, 1e-8f), n);
        checkUpdate("rmsprop", RMSPROP, n);
        checkUpdate("adam", ADAM, n);
    }

    @Test
    void decayingStatesAreFlushedToZeroRatherThanKeptSubnormal() {
        int n = 2 * Lanes.LENGTH + 5; // whole vectors and a tail
        Map<String, Update> updates = Map.of("momentum", MOMENTUM, "nesterov", NESTEROV, "rmsprop", RMSPROP,
                "adam", ADAM);
        for (Kernels k : new Kernels[] {SCALAR, SIMD}) {
            updates.forEach((name, update) -> {
                float[] w = new float[n], g = new float[n], s1 = new float[n], s2 = new float[n];
                for (int i = 0; i < n; i++) {
                    // a state at the smallest normal float decays below it with no gradient; one at 1 stays normal
                    float state = i % 3 == 0 ? 1f : (i % 3 == 1 ? Float.MIN_NORMAL : -Float.MIN_NORMAL);
                    s1[i] = name.equals("rmsprop") ? Math.abs(state) : state; // RMSProp's squares are not negative
                    s2[i] = Math.abs(state);
                }
                update.apply(k, w, g, s1, s2, 0, n);
                for (int i = 0; i < n; i++) {
                    String where = k + ", " + name + ", element " + i;
                    assertEquals(i % 3 == 0, s1[i] != 0f, where + ": " + s1[i]);
                    if (name.equals("adam")) {
                        assertEquals(i % 3 == 0, s2[i] != 0f, where + ": " + s2[i]);
                    }
                }
            });
        }
    }

    @Test
    void anUpdateSplitAtVectorMultiplesGivesTheSameBits() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 1000;
        float[] g = random(r, n, 1);
        float[] whole = random(r, n, 1);
        float[] split = whole.clone();
        float[] m1 = new float[n], v1 = new float[n], m2 = new float[n], v2 = new float[n];
        SIMD.adamUpdate(n, g, whole, m1, v1, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.001f);
        SIMD.adamUpdate(448, g, split, m2, v2, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.001f);
        SIMD.adamUpdate(n - 448, g, split, m2, v2, 448, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.001f);
        assertEquals(Arrays.toString(whole), Arrays.toString(split));
    }
}
