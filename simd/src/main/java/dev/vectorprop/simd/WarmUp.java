package dev.vectorprop.simd;

import dev.vectorprop.kernel.Bf16Matrix;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.kernel.PackedMatrix;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Calls every kernel on small operands until the JIT's optimizing compiler has compiled it. Before that a
 * Vector API kernel runs a few hundred times slower (a 64×784 · 784×512 product takes 190 ms instead of
 * 0.6 ms), and HotSpot compiles a method only after some 600 calls and 15,000 calls plus loop iterations
 * (more while its queue is long): a training step calls most kernels once, so a first epoch would spend
 * seconds on the slow code.
 */
final class WarmUp {
    /** Rounds of the products and the default training's element-wise kernels, busy, before the others join. */
    private static final int PRODUCT_ROUNDS = 100;
    /** Rounds of everything, busy, before waiting for the compiler. */
    private static final int BUSY_ROUNDS = 700;
    /**
     * How long the compiler must have finished nothing, while the kernels are called, for the warm-up to
     * end: longer than it takes to compile the largest kernel, since only finished compilations count.
     */
    private static final long QUIET_NANOS = 1_000_000_000L;
    /** A bound on the wait after the busy rounds, should other code keep the compiler busy. */
    private static final long MAX_NANOS = 6_000_000_000L;
    /** A k past one block of the products. */
    private static final int WIDE_K = VectorGemm.KC + Lanes.LENGTH;
    /**
     * Three row blocks of the 6-row kernel and two rows left over; packed, a block of 12 rows and one of 8, which
     * the 12-row kernel runs without its last four rows (both ways must be in its profile).
     */
    private static final int ROWS = VectorGemm.PMR + VectorGemm.SHORT_ROWS;
    /** A whole panel of B, a vector and a tail. */
    private static final int WIDE = VectorGemm.NR + Lanes.LENGTH + 3;
    /** One row's panels of 16, 8 and 4 vectors, and a tail: every width of the one-row kernel. */
    private static final int ROW_WIDE = (VectorGemm.ROW_VECTORS + 8 + 4) * Lanes.LENGTH + 3;
    /** Rows of B for {@code A·Bᵀ} read in place: six blocks of 12 and one of 8. */
    private static final int IN_PLACE = 6 * VectorGemm.PMR + VectorGemm.SHORT_ROWS;
    /** Fewer columns than a vector: the narrow kernel's products. */
    private static final int NARROW = Lanes.LENGTH - 6;
    /** Five blocks of the narrow kernel, for its calls and iterations to reach the compiler's threshold. */
    private static final int TALL = 4 * VectorGemm.NARROW_ROWS + 1;
    /** Once per JVM: a second warm-up would find everything compiled. */
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private WarmUp() {
    }

    /**
     * The products first (they are the slowest before they are compiled, and the compiler serves its queue
     * in turn) with the element-wise kernels of the default training, then every other element-wise kernel with
     * them, until the compiler is quiet. The products' rare
     * paths run in the first calls only: their branches must be in the profile before the compiler runs (a
     * branch it never saw taken is compiled as a trap, and taking it later throws the compiled kernel
     * away), but at several hundred blocks of k they are too slow to repeat.
     */
    static void run(Kernels kernels) {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Operands x = new Operands(kernels);
        for (float beta : new float[] {0f, 1f}) {
            products(kernels, x, WIDE_K, beta).forEach(Runnable::run);
            products(kernels, x, Lanes.LENGTH, beta).forEach(Runnable::run);
        }
        List<Runnable> tasks = products(kernels, x, Lanes.LENGTH, 0f);
        // rows of whole vectors and rows with a tail
        int[] widths = {8 * Lanes.LENGTH, 8 * Lanes.LENGTH + 3};
        for (int cols : widths) {
            elementwise(kernels, x, cols, true, tasks);
        }
        for (int round = 0; round < PRODUCT_ROUNDS; round++) {
            tasks.forEach(Runnable::run);
        }
        for (int cols : widths) {
            elementwise(kernels, x, cols, false, tasks);
        }
        untilCompiled(tasks);
    }

    /**
     * Calls the tasks round after round: busy at first, then a round a millisecond (leaving the processor
     * to the compiler and the data loading) until no compilation has finished for {@link #QUIET_NANOS}.
     */
    private static void untilCompiled(List<Runnable> tasks) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        for (int round = 0; round < BUSY_ROUNDS && !Thread.currentThread().isInterrupted(); round++) {
            tasks.forEach(Runnable::run);
        }
        long start = System.nanoTime();
        long compiling = -1;
        long quietSince = start;
        while (timed && !Thread.currentThread().isInterrupted()) {
            tasks.forEach(Runnable::run);
            long now = System.nanoTime();
            if (now - start > MAX_NANOS) {
                return;
            }
            long total = jit.getTotalCompilationTime();
            if (total != compiling) {
                compiling = total;
                quietSince = now;
            } else if (now - quietSince > QUIET_NANOS) {
                return;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Arrays large enough for every call below, holding small, varied values. */
    private static final class Operands {
        static final int SIZE = Math.max(WIDE_K * Math.max(WIDE, TALL), Lanes.LENGTH * ROW_WIDE);
        final float[] a = filled(SIZE, 7, 0.25f);
        final float[] b = filled(SIZE, 5, 0.15f);
        final float[] c = new float[SIZE];
        final float[] state = new float[SIZE];
        final float[] more = new float[SIZE];
        final float[] targets = new float[SIZE];
        final PackedMatrix packed;
        final Bf16Matrix half;

        Operands(Kernels kernels) {
            packed = kernels.pack(Lanes.LENGTH, WIDE, b, 0, WIDE);
            half = Bf16Matrix.of(Lanes.LENGTH, WIDE, b, 0, WIDE);
            for (int i = 0; i < SIZE; i += 7) {
                targets[i] = 1f;
            }
        }

        private static float[] filled(int size, int period, float step) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) {
                x[i] = (i % period - period / 2) * step;
            }
            return x;
        }
    }

    /**
     * Every path of the products: whole and partial panels and row blocks, A packed and read in place,
     * B in place (under a few rows, or one panel wide), padded and transposed, the narrow, one-row and one-column
     * products, {@code Cᵀ = Bᵀ·A}, and the predictor's packed B in 32 and 16 bits. At k one vector, and from
     * {@link #WIDE_K}, also k past a block and {@code Cᵀ = B·Aᵀ} for {@code A·Bᵀ} with a wide B.
     */
    private static List<Runnable> products(Kernels kernels, Operands x, int k, float beta) {
        int mr = VectorGemm.MR;
        int nr = VectorGemm.NR;
        int pnr = VectorGemm.PNR;
        int l = Lanes.LENGTH;
        float[] a = x.a;
        float[] b = x.b;
        float[] c = x.c;
        List<Runnable> calls = new ArrayList<>(List.of(
                () -> kernels.gemm(ROWS, WIDE, k, a, 0, k, b, 0, WIDE, beta, c, 0, WIDE),
                () -> kernels.gemm(mr + 1, nr, k, a, 0, k, b, 0, nr, beta, c, 0, nr),
                () -> kernels.gemm(ROWS, nr, k, a, 0, k, b, 0, nr, beta, c, 0, nr),
                // A in place over a panel of B copied from rows WIDE apart, and from Bᵀ
                () -> kernels.gemm(ROWS, nr, k, a, 0, k, b, 0, WIDE, beta, c, 0, nr),
                () -> kernels.gemmNT(mr, nr, k, a, 0, k, b, 0, k, beta, c, 0, nr),
                // small products that pack A, so that packing is called often enough to be compiled
                () -> kernels.gemm(mr, nr + 1, k, a, 0, k, b, 0, nr + 1, beta, c, 0, nr + 1),
                () -> kernels.gemmTN(mr, nr + 1, k, a, 0, mr, b, 0, nr + 1, beta, c, 0, nr + 1),
                () -> kernels.gemm(TALL, NARROW, k, a, 0, k, b, 0, NARROW, beta, c, 0, NARROW),
                () -> kernels.gemm(ROWS, 1, k, a, 0, k, b, 0, 1, beta, c, 0, 1),
                () -> kernels.gemm(1, WIDE, k, a, 0, k, b, 0, WIDE, beta, c, 0, WIDE),
                () -> kernels.gemm(1, ROW_WIDE, l, a, 0, l, b, 0, ROW_WIDE, beta, c, 0, ROW_WIDE),
                () -> kernels.gemmTN(ROWS, WIDE, k, a, 0, ROWS, b, 0, WIDE, beta, c, 0, WIDE),
                () -> kernels.gemmTN(l + 4, NARROW, k, a, 0, l + 4, b, 0, NARROW, beta, c, 0, NARROW),
                () -> kernels.gemmTN(ROWS, 1, k, a, 0, ROWS, b, 0, 1, beta, c, 0, 1),
                () -> kernels.gemmNT(ROWS, WIDE, k, a, 0, k, b, 0, k, beta, c, 0, WIDE),
                // Cᵀ = B·Aᵀ for a shard's rows of A (one panel), B's rows in place in blocks of 12 and a last of 8,
                // an odd depth
                () -> kernels.gemmNT(pnr, IN_PLACE, 4 * l + 1, a, 0, 4 * l + 1, b, 0, 4 * l + 1, beta, c, 0, IN_PLACE),
                () -> kernels.gemmPacked(ROWS, x.packed, a, 0, l, c, 0, WIDE),
                () -> kernels.gemmPacked(1, x.packed, a, 0, l, c, 0, WIDE),
                () -> kernels.gemvBf16(x.half, a, 0, c, 0)));
        if (k >= WIDE_K) {
            int n = 2 * nr + 2;
            calls.add(() -> kernels.gemmNT(nr, n, n, a, 0, n, b, 0, n, beta, c, 0, n));
            calls.add(() -> kernels.gemmNT(pnr + 3, n, n, a, 0, n, b, 0, n, beta, c, 0, n));
        }
        return calls;
    }

    /**
     * The element-wise kernels over rows of {@code cols}: those of the command line's default training (ReLU,
     * softmax with cross-entropy, Adam) when {@code defaults}, else all the others. The defaults join the products
     * from the start, so that C2 has compiled them before a first epoch that would otherwise run them slowly while
     * they wait in its queue behind kernels that training never calls.
     */
    private static void elementwise(Kernels kernels, Operands x, int cols, boolean defaults, List<Runnable> tasks) {
        int rows = 3;
        int n = rows * cols;
        float[] z = x.a;
        float[] y = x.b;
        float[] t = x.targets;
        float[] g = x.c;
        float[] s = x.state;
        if (defaults) {
            tasks.add(() -> kernels.addBias(rows, cols, y, 0, g, 0, cols));
            tasks.add(() -> kernels.columnSums(rows, cols, z, 0, cols, 0f, g, 0));
            tasks.add(() -> kernels.columnSums(rows, cols, z, 0, cols, 1f, g, 0));
            tasks.add(() -> kernels.relu(n, z, 0, g, 0));
            tasks.add(() -> kernels.reluBackward(n, z, 0, y, 0, g, 0));
            tasks.add(() -> kernels.softmaxRows(rows, cols, z, 0, g, 0));
            tasks.add(() -> kernels.softmaxCrossEntropy(cols, y, 0, t, 0, g, 0, 0.5f));
            tasks.add(() -> kernels.axpy(n, 0.5f, y, 0, g, 0));
            tasks.add(() -> kernels.sum(n, z, 0));
            tasks.add(() -> kernels.adamUpdate(n, y, g, s, x.more, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.5f, 0.5f));
            return;
        }
        tasks.add(() -> kernels.sigmoid(n, z, 0, g, 0));
        tasks.add(() -> kernels.sigmoidBackward(n, y, 0, z, 0, g, 0));
        tasks.add(() -> kernels.tanh(n, z, 0, g, 0));
        tasks.add(() -> kernels.tanhBackward(n, y, 0, z, 0, g, 0));
        tasks.add(() -> kernels.hardTanh(n, z, 0, g, 0));
        tasks.add(() -> kernels.hardTanhBackward(n, z, 0, y, 0, g, 0));
        tasks.add(() -> kernels.sign(n, z, 0, g, 0));
        tasks.add(() -> kernels.softmaxRowsBackward(rows, cols, y, 0, z, 0, g, 0));
        tasks.add(() -> kernels.squaredError(n, y, 0, t, 0, g, 0, 0.5f));
        tasks.add(() -> kernels.squaredLogError(n, y, 0, t, 0, g, 0, 0.5f));
        tasks.add(() -> kernels.absoluteError(n, y, 0, t, 0, g, 0, 0.5f));
        tasks.add(() -> kernels.crossEntropy(n, y, 0, t, 0, g, 0, 0.5f));
        tasks.add(() -> kernels.binaryCrossEntropy(n, y, 0, t, 0, g, 0, 0.5f));
        tasks.add(() -> kernels.squaredHinge(n, z, 0, t, 0, g, 0, 0.5f));
        tasks.add(() -> kernels.multiply(n, z, 0, y, 0, g, 0));
        tasks.add(() -> kernels.dot(n, z, 0, y, 0));
        tasks.add(() -> kernels.sgdUpdate(n, y, g, 0, 1e-3f));
        tasks.add(() -> kernels.momentumUpdate(n, y, g, s, 0, 1e-3f, 0.9f));
        tasks.add(() -> kernels.nesterovUpdate(n, y, g, s, 0, 1e-3f, 0.9f));
        tasks.add(() -> kernels.adagradUpdate(n, y, g, s, 0, 1e-3f, 1e-8f));
        tasks.add(() -> kernels.rmspropUpdate(n, y, g, s, 0, 1e-3f, 0.9f, 1e-8f));
    }
}
