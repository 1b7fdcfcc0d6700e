package dev.vectorprop.kernel;

/**
 * A {@code k×n} matrix laid out once for the kernels that made it ({@link Kernels#pack}), so that products with
 * it skip the copy of B's panels a plain {@link Kernels#gemm} makes on every call: a predictor's weights, which
 * do not change. {@code layout} names the layout: 0 is row-major, others belong to the kernels that wrote them.
 */
public record PackedMatrix(int k, int n, int layout, float[] data) {
    /** Row-major: what kernels without a layout of their own keep. */
    public static final int ROW_MAJOR = 0;

    public PackedMatrix {
        if (k < 0 || n < 0) {
            throw new IllegalArgumentException("a matrix of " + k + "×" + n);
        }
    }

    /** A row-major copy of B[k×n] at {@code (b, bOffset, ldb)}. */
    public static PackedMatrix rowMajor(int k, int n, float[] b, int bOffset, int ldb) {
        float[] data = new float[Math.multiplyExact(k, n)];
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, bOffset + p * ldb, data, p * n, n);
        }
        return new PackedMatrix(k, n, ROW_MAJOR, data);
    }
}
