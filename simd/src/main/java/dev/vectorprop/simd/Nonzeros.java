package dev.vectorprop.simd;

/**
 * The indices of a row's nonzero entries, block by block of k ({@link VectorGemm#blockDepth}): what the one-row
 * products iterate over, skipping the rows of B that a zero (a ReLU's, a blank pixel's) would multiply.
 * One per thread, reused, so gathering allocates nothing once warm.
 */
final class Nonzeros {
    private static final ThreadLocal<Nonzeros> PER_THREAD = ThreadLocal.withInitial(Nonzeros::new);

    /** The nonzero entries' indices, ascending. */
    int[] indices = new int[0];
    private int[] blockEnds = new int[0];

    private Nonzeros() {
    }

    /** This thread's instance, filled with the nonzero entries of {@code x[offset + p·stride]}, p in [0, k). */
    static Nonzeros of(float[] x, int offset, int stride, int k) {
        Nonzeros z = PER_THREAD.get();
        z.gather(x, offset, stride, k);
        return z;
    }

    private void gather(float[] x, int offset, int stride, int k) {
        if (indices.length < k) {
            indices = new int[k];
        }
        int blocks = blocks(k);
        if (blockEnds.length < blocks) {
            blockEnds = new int[blocks];
        }
        int count = 0;
        int depth = VectorGemm.blockDepth(k);
        for (int block = 0; block < blocks; block++) {
            int end = Math.min(k, (block + 1) * depth);
            for (int p = block * depth; p < end; p++) {
                // written every time, kept when nonzero: without a branch, which about half of a ReLU's zeros
                // would mispredict
                indices[count] = p;
                count += x[offset + p * stride] != 0f ? 1 : 0;
            }
            blockEnds[block] = count;
        }
    }

    /**
     * What a block with no nonzero entry contributes to c's n sums, as the kernels would compute it
     * ({@code 0 + keep·c}, or 0 when overwriting), without running them: a kernel whose loop was never
     * entered is deoptimised when it later is, and allocates until the JIT has compiled it again.
     */
    static void addNothing(float[] c, int cOff, int n, float keep, boolean overwrite) {
        for (int j = cOff; j < cOff + n; j++) {
            c[j] = overwrite ? 0f : 0f + keep * c[j];
        }
    }

    static int blocks(int k) {
        int depth = VectorGemm.blockDepth(k);
        return (k + depth - 1) / depth;
    }

    /** Where block {@code block}'s indices start in {@link #indices}. */
    int from(int block) {
        return block == 0 ? 0 : blockEnds[block - 1];
    }

    /** Where block {@code block}'s indices end in {@link #indices}. */
    int to(int block) {
        return blockEnds[block];
    }
}
