package dev.vectorprop.kernel;

/**
 * Every numeric primitive a network needs, on flat row-major {@code float[]} arrays with offsets
 * and leading dimensions, so that no object is made per call.
 *
 * <p>{@link ScalarKernels} is the plain-Java reference; the {@code simd} module's
 * {@code VectorKernels} implements the same contract with the Vector API. Implementations are
 * stateless from the caller's view and safe to call from many threads at once.
 *
 * <p>Argument order, as in BLAS: the sizes first ({@code m, n, k}, {@code rows, cols} or {@code n}),
 * then the arrays, inputs before outputs, each followed by its offset (and leading dimension); BLAS's
 * {@code alpha} and {@code beta} stand where BLAS puts them (before the operand they scale), other scalar
 * hyper-parameters last. The optimizer updates read and write their arrays at the same indices, so
 * the gradient, the weights and the optimizer's state share one offset, given after them.
 *
 * <p>A matrix argument is {@code (array, offset, leadingDimension)}; element {@code (i, j)} of a
 * row-major matrix is {@code array[offset + i * ld + j]}. Outputs may alias inputs only where a
 * method says so.
 *
 * <p>The optimizer updates store their decaying states (momentum's velocity, RMSProp's squares, Adam's
 * moments) with subnormal values flushed to zero. A weight that stops receiving gradient has its states
 * shrink geometrically into the subnormal range, where every instruction that touches them costs a
 * microcode assist on many x86 CPUs (on an Intel Xeon, Adam's update grew to 40% of a training step by
 * epoch 3), and a state that small moves no weight. The JVM has no flush-to-zero mode, so the kernels
 * flush these values themselves.
 */
public interface Kernels {

    /** A short name for logs and benchmarks, e.g. {@code "scalar"} or {@code "simd-512"}. */
    String name();

    /**
     * Runs the kernels on small operands until the JIT has compiled them, so that the first real work
     * does not wait for the compiler (the Vector API runs a few hundred times slower before it). Start it
     * on a spare thread before loading the data: about a second of work, then a few seconds at most of a
     * call a millisecond until the compiler is done. Interrupting its thread ends it: do so when the real
     * work starts, which then feeds the compiler itself. Once per JVM; nothing to do for kernels that are
     * fast from the start.
     */
    default void warmUp() {
    }

    // ---- matrix products -------------------------------------------------------------------

    /** {@code C[m×n] = A[m×k] · B[k×n] + beta · C}. With {@code beta == 0}, C's old contents (even NaN) are ignored. */
    void gemm(int m, int n, int k,
              float[] a, int aOffset, int lda,
              float[] b, int bOffset, int ldb,
              float beta, float[] c, int cOffset, int ldc);

    /** {@code C[m×n] = A[m×k] · Bᵀ + beta · C}, where B is stored as {@code n×k}. */
    void gemmNT(int m, int n, int k,
                float[] a, int aOffset, int lda,
                float[] b, int bOffset, int ldb,
                float beta, float[] c, int cOffset, int ldc);

    /** {@code C[m×n] = Aᵀ · B[k×n] + beta · C}, where A is stored as {@code k×m}. */
    void gemmTN(int m, int n, int k,
                float[] a, int aOffset, int lda,
                float[] b, int bOffset, int ldb,
                float beta, float[] c, int cOffset, int ldc);

    /**
     * One row times a 16-bit weight matrix: {@code c[0..n) = x[0..k) · W} for W {@code k×n}. The sum for
     * each element runs in the order {@link #gemm} uses for a one-row A (so a network predicting in
     * bfloat16 gives a row the same bits alone as in a batch, whose product runs on W's values in
     * {@code float}); terms whose x is zero, such as ReLU's zeros, are skipped, which changes no bit.
     */
    void gemvBf16(Bf16Matrix w, float[] x, int xOffset, float[] c, int cOffset);

    /**
     * B[k×n] laid out once for {@link #gemmPacked}: a predictor packs its weights, which then stay as they are.
     * Kernels without a layout of their own keep a row-major copy.
     */
    default PackedMatrix pack(int k, int n, float[] b, int bOffset, int ldb) {
        return PackedMatrix.rowMajor(k, n, b, bOffset, ldb);
    }

    /**
     * {@code C[m×n] = A[m×k] · B} for B packed by these kernels, with the same bits as {@link #gemm} on B's
     * values (beta 0).
     */
    default void gemmPacked(int m, PackedMatrix b, float[] a, int aOffset, int lda, float[] c, int cOffset, int ldc) {
        if (b.layout() != PackedMatrix.ROW_MAJOR) {
            throw new IllegalArgumentException("a matrix packed in layout " + b.layout() + " by other kernels");
        }
        gemm(m, b.n(), b.k(), a, aOffset, lda, b.data(), 0, b.n(), 0f, c, cOffset, ldc);
    }

    // ---- bias ------------------------------------------------------------------------------

    /** Adds {@code bias[j]} to every element of column j of the {@code rows×cols} matrix x (in place). */
    void addBias(int rows, int cols, float[] bias, int biasOffset, float[] x, int xOffset, int ldx);

    /** {@code out[j] = Σ_i x[i][j] + beta · out[j]}: the bias gradient. */
    void columnSums(int rows, int cols, float[] x, int xOffset, int ldx, float beta, float[] out, int outOffset);

    // ---- activations: forward h = f(z), backward dz = dh ⊙ f'(z) ---------------------------
    // Forward may run in place (h == z, same offset). Backward reads whichever of z or h its
    // derivative is cheapest in, as its parameter names say; dz may alias dh.

    void sigmoid(int n, float[] z, int zOffset, float[] h, int hOffset);

    /** {@code dz = dh · h · (1 − h)}. */
    void sigmoidBackward(int n, float[] h, int hOffset, float[] dh, int dhOffset, float[] dz, int dzOffset);

    void tanh(int n, float[] z, int zOffset, float[] h, int hOffset);

    /** {@code dz = dh · (1 − h²)}. */
    void tanhBackward(int n, float[] h, int hOffset, float[] dh, int dhOffset, float[] dz, int dzOffset);

    /** {@code h = max(z, 0)}. */
    void relu(int n, float[] z, int zOffset, float[] h, int hOffset);

    /** {@code dz = z > 0 ? dh : 0}. */
    void reluBackward(int n, float[] z, int zOffset, float[] dh, int dhOffset, float[] dz, int dzOffset);

    /** {@code h = clamp(z, −1, 1)}. */
    void hardTanh(int n, float[] z, int zOffset, float[] h, int hOffset);

    /** {@code dz = |z| < 1 ? dh : 0}. */
    void hardTanhBackward(int n, float[] z, int zOffset, float[] dh, int dhOffset, float[] dz, int dzOffset);

    /** {@code h = sign(z)} in {−1, 0, 1}; its derivative is zero wherever it exists. */
    void sign(int n, float[] z, int zOffset, float[] h, int hOffset);

    /** Softmax of each row of the {@code rows×cols} matrix z (max-subtracted, so no overflow). */
    void softmaxRows(int rows, int cols, float[] z, int zOffset, float[] h, int hOffset);

    /**
     * Softmax's Jacobian-vector product, row by row: {@code dz_i = h_i · (dh_i − Σ_j dh_j h_j)}.
     * Used when softmax is not paired with cross-entropy. dz may alias dh.
     */
    void softmaxRowsBackward(int rows, int cols, float[] h, int hOffset, float[] dh, int dhOffset, float[] dz, int dzOffset);

    // ---- losses: each returns the summed loss over n elements (in double) and, when grad is
    // not null, writes grad = gradScale · ∂(that sum)/∂y (grad may alias y) -------------------

    /** {@code Σ (y − t)²}. */
    double squaredError(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset, float gradScale);

    /** {@code Σ (ln(1 + y) − ln(1 + t))²}; y and t must be greater than −1. */
    double squaredLogError(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset, float gradScale);

    /** {@code Σ |y − t|}; the gradient at y = t is 0. */
    double absoluteError(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset, float gradScale);

    /** {@code −Σ t · ln y} for probabilities y (clamped below at {@link #PROBABILITY_FLOOR}). */
    double crossEntropy(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset, float gradScale);

    /** {@code −Σ [t ln y + (1 − t) ln(1 − y)]}, y clamped to [{@link #PROBABILITY_FLOOR}, 1 − {@link #PROBABILITY_FLOOR}]. */
    double binaryCrossEntropy(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset, float gradScale);

    /** {@code Σ max(0, 1 − t·y)²} for targets t in {−1, +1}. */
    double squaredHinge(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset, float gradScale);

    /**
     * Softmax fused with cross-entropy, given the softmax probabilities y (already computed by the
     * forward pass): returns {@code −Σ t · ln y} and writes the gradient with respect to the
     * <em>logits</em>, {@code grad = gradScale · (y − t)}, valid when each target row sums to 1.
     */
    double softmaxCrossEntropy(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset, float gradScale);

    // ---- element-wise arithmetic for layers, the gradient reduction and the optimizers -------

    /** {@code y += alpha · x}. */
    void axpy(int n, float alpha, float[] x, int xOffset, float[] y, int yOffset);

    /** {@code out = a ⊙ b}; out may alias a or b. */
    void multiply(int n, float[] a, int aOffset, float[] b, int bOffset, float[] out, int outOffset);

    /** {@code Σ x}, accumulated in double. */
    double sum(int n, float[] x, int xOffset);

    /** {@code Σ x·y}, accumulated in double. */
    double dot(int n, float[] x, int xOffset, float[] y, int yOffset);

    /** Plain gradient step: {@code w −= lr · g}. */
    void sgdUpdate(int n, float[] g, float[] w, int offset, float lr);

    /** Momentum: {@code v = μ·v − lr·g; w += v}. */
    void momentumUpdate(int n, float[] g, float[] w, float[] velocity, int offset, float lr, float mu);

    /** Nesterov momentum (Sutskever's form on the look-ahead point): {@code v' = μ·v − lr·g; w += −μ·v + (1 + μ)·v'}. */
    void nesterovUpdate(int n, float[] g, float[] w, float[] velocity, int offset, float lr, float mu);

    /** AdaGrad: {@code s += g²; w −= lr · g / (√s + eps)}. */
    void adagradUpdate(int n, float[] g, float[] w, float[] squares, int offset, float lr, float eps);

    /** RMSProp: {@code s = ρ·s + (1 − ρ)·g²; w −= lr · g / (√s + eps)}. */
    void rmspropUpdate(int n, float[] g, float[] w, float[] squares, int offset, float lr, float rho, float eps);

    /**
     * Adam with bias correction: {@code m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²;
     * w −= lr · (m / c1) / (√(v / c2) + eps)}, where {@code c1 = 1 − β1^t}, {@code c2 = 1 − β2^t}.
     */
    void adamUpdate(int n, float[] g, float[] w, float[] m, float[] v, int offset,
                    float lr, float beta1, float beta2, float eps, float c1, float c2);

    /** The floor applied to probabilities before taking their logarithm. */
    float PROBABILITY_FLOOR = 1e-7f;

    /**
     * The best kernels this JVM can run: the Vector API ones when the {@code simd} module is on the
     * class path and {@code jdk.incubator.vector} is in the boot layer, else {@link ScalarKernels}.
     * {@code -Dvectorprop.kernels=scalar|simd} forces a choice.
     */
    static Kernels auto() {
        return KernelsProvider.BEST;
    }

    static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }
}
