package dev.vectorprop.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products on the Vector API. The core computes {@code C = A·B + beta·C} with a register
 * block of {@value #MR} rows × 4 vectors of accumulators: per step of k it loads 4 vectors of a row
 * of B and broadcasts one value of A per row into 4 fused multiply-adds each. A is read in place
 * through its two strides (so the same kernel serves A and Aᵀ); B is read in place, row-major, except
 * for a last panel narrower than 4 vectors, which is copied once into a zero-padded scratch panel. k is
 * blocked by {@value #KC} so that a panel of B stays in L2 while every row block of A passes over it.
 * {@code A·Bᵀ} is computed as its transpose {@code B·Aᵀ}, so that only the (small) A is repacked;
 * a product with at most {@value #SMALL_N} columns is a set of dot products along k.
 *
 * <p>Vectors never leave a method except into arrays through {@code intoArray}; the helpers that take
 * vectors are small enough that the JIT always inlines them. Scratch buffers are per thread and grow,
 * so a call allocates nothing once warm.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;
    static final int MR = 6;
    static final int NR = 4 * L;
    static final int KC = 384;
    static final int SMALL_N = 12;
    /**
     * From this many rows of A a panel of B is copied into contiguous memory first: read in place, a
     * panel's k rows lie a whole row of B apart, one page each for wide B, and the TLB misses cost more
     * than the copy once enough row blocks reuse it.
     */
    static final int PACK_B_ROWS = 2 * MR;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private VectorGemm() {
    }

    /** Per-thread buffers: a padded panel of B, a transposed operand, a transposed result. */
    private static final class Scratch {
        private float[] panel = new float[KC * NR];
        private final float[] tile = new float[MR * NR];
        private float[] packedA = new float[0];
        private float[] transposed = new float[0];
        private float[] result = new float[0];

        float[] packedA(int size) {
            if (packedA.length < size) {
                packedA = new float[size];
            }
            return packedA;
        }

        float[] transposed(int size) {
            if (transposed.length < size) {
                transposed = new float[size];
            }
            return transposed;
        }

        float[] result(int size) {
            if (result.length < size) {
                result = new float[size];
            }
            return result;
        }
    }

    /** {@code C = A·B + beta·C}, A row-major m×k, B row-major k×n. */
    static void nn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float beta, float[] c, int cOff, int ldc) {
        if (n <= SMALL_N && m >= 4 && k >= L) {
            narrow(m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            multiply(m, n, k, a, aOff, lda, 1, true, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** {@code C = Aᵀ·B + beta·C}, A stored k×m, B row-major k×n. */
    static void tn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float beta, float[] c, int cOff, int ldc) {
        multiply(m, n, k, a, aOff, 1, lda, true, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * {@code C = A·Bᵀ + beta·C}, A row-major m×k, B stored n×k: computed as {@code Cᵀ = B·Aᵀ} with B read in
     * place, Aᵀ copied into a row-major k×m buffer, and the n×m result added into C transposed.
     */
    static void nt(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float beta, float[] c, int cOff, int ldc) {
        Scratch scratch = SCRATCH.get();
        float[] at = scratch.transposed(k * m);
        for (int i = 0; i < m; i++) {
            int row = aOff + i * lda;
            for (int p = 0; p < k; p++) {
                at[p * m + i] = a[row + p];
            }
        }
        float[] ct = scratch.result(n * m);
        multiply(n, m, k, b, bOff, ldb, 1, false, at, 0, m, 0f, ct, 0, m);
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                float product = ct[j * m + i];
                c[row + j] = beta == 0f ? product : product + beta * c[row + j];
            }
        }
    }

    /**
     * The blocked product. Element (i, p) of A is {@code a[aOff + i·ars + p·acs]}; B is row-major. A small A
     * is worth packing into micro-panels; a large one (the weights, in {@link #nt}) is read in place.
     */
    private static void multiply(int m, int n, int k, float[] a, int aOff, int ars, int acs, boolean packA,
                                 float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (k == 0) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        Scratch scratch = SCRATCH.get();
        float[] packed = packA ? scratch.packedA((m + MR - 1) / MR * MR * KC) : null;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            boolean first = pc == 0;
            float keep = first ? beta : 1f;
            boolean overwrite = first && beta == 0f;
            if (packA) {
                pack(m, kc, a, aOff + pc * acs, ars, acs, packed);
            }
            for (int j0 = 0; j0 < n; j0 += NR) {
                int w = Math.min(NR, n - j0);
                float[] bp = b;
                int bpOff = bOff + pc * ldb + j0;
                int bs = ldb;
                if (w < NR || m >= PACK_B_ROWS) {
                    float[] panel = scratch.panel;
                    for (int p = 0; p < kc; p++) {
                        System.arraycopy(b, bpOff + p * ldb, panel, p * NR, w);
                        java.util.Arrays.fill(panel, p * NR + w, (p + 1) * NR, 0f);
                    }
                    bp = panel;
                    bpOff = 0;
                    bs = NR;
                }
                int i = 0;
                // Packed A is zero-padded to whole blocks: its last, partial block runs the full kernel too.
                int fullRows = packA ? m : m - m % MR;
                for (; i < fullRows; i += MR) {
                    int cAt = cOff + i * ldc + j0;
                    if (packA) {
                        kernel6(kc, packed, i * KC, 1, MR, bp, bpOff, bs, c, cAt, ldc, Math.min(MR, m - i), w, keep,
                                overwrite, scratch.tile);
                    } else {
                        kernel6(kc, a, aOff + pc * acs + i * ars, ars, acs, bp, bpOff, bs, c, cAt, ldc, MR, w, keep,
                                overwrite, scratch.tile);
                    }
                }
                for (; i < m; i++) {
                    kernel1(kc, a, aOff + pc * acs + i * ars, acs, bp, bpOff, bs, c, cOff + i * ldc + j0, w, keep,
                            overwrite, scratch.tile);
                }
            }
        }
    }

    /**
     * Copies A's block of kc columns into micro-panels of {@value #MR} rows, k-major
     * ({@code packed[block·MR·KC + p·MR + r]}), so the kernel reads A with one constant stride; rows past
     * m are zeros.
     */
    private static void pack(int m, int kc, float[] a, int aOff, int ars, int acs, float[] packed) {
        for (int i0 = 0; i0 < m; i0 += MR) {
            int rows = Math.min(MR, m - i0);
            int base = i0 * KC;
            // p outer, rows inner: for Aᵀ (ars = 1) each step reads MR neighbours
            for (int p = 0; p < kc; p++) {
                int from = aOff + i0 * ars + p * acs;
                int to = base + p * MR;
                for (int r = 0; r < rows; r++) {
                    packed[to + r] = a[from + r * ars];
                }
                for (int r = rows; r < MR; r++) {
                    packed[to + r] = 0f;
                }
            }
        }
    }

    private static void kernel6(int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bs,
                                float[] c, int cOff, int ldc, int rows, int w, float keep, boolean overwrite,
                                float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c43 = c00;
        FloatVector c50 = c00, c51 = c00, c52 = c00, c53 = c00;
        int a0 = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, a[a0 + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, a[a0 + 2 * ars]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, a[a0 + 3 * ars]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
            x = FloatVector.broadcast(S, a[a0 + 4 * ars]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            c43 = x.fma(b3, c43);
            x = FloatVector.broadcast(S, a[a0 + 5 * ars]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            c53 = x.fma(b3, c53);
            a0 += acs;
            bi += bs;
        }
        // Partial panels land in a tile first; the stores below are written out, not calls, because the
        // JIT stops inlining in a method this large and every vector passed to a call would be boxed.
        boolean whole = w == NR && rows == MR;
        float[] out = whole ? c : tile;
        int ld = whole ? ldc : NR;
        int r = whole ? cOff : 0;
        if (overwrite || !whole) {
            c00.intoArray(out, r);
            c01.intoArray(out, r + L);
            c02.intoArray(out, r + 2 * L);
            c03.intoArray(out, r + 3 * L);
            r += ld;
            c10.intoArray(out, r);
            c11.intoArray(out, r + L);
            c12.intoArray(out, r + 2 * L);
            c13.intoArray(out, r + 3 * L);
            r += ld;
            c20.intoArray(out, r);
            c21.intoArray(out, r + L);
            c22.intoArray(out, r + 2 * L);
            c23.intoArray(out, r + 3 * L);
            r += ld;
            c30.intoArray(out, r);
            c31.intoArray(out, r + L);
            c32.intoArray(out, r + 2 * L);
            c33.intoArray(out, r + 3 * L);
            r += ld;
            c40.intoArray(out, r);
            c41.intoArray(out, r + L);
            c42.intoArray(out, r + 2 * L);
            c43.intoArray(out, r + 3 * L);
            r += ld;
            c50.intoArray(out, r);
            c51.intoArray(out, r + L);
            c52.intoArray(out, r + 2 * L);
            c53.intoArray(out, r + 3 * L);
        } else {
            c00.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            c01.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            c02.add(FloatVector.fromArray(S, out, r + 2 * L).mul(keep)).intoArray(out, r + 2 * L);
            c03.add(FloatVector.fromArray(S, out, r + 3 * L).mul(keep)).intoArray(out, r + 3 * L);
            r += ld;
            c10.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            c11.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            c12.add(FloatVector.fromArray(S, out, r + 2 * L).mul(keep)).intoArray(out, r + 2 * L);
            c13.add(FloatVector.fromArray(S, out, r + 3 * L).mul(keep)).intoArray(out, r + 3 * L);
            r += ld;
            c20.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            c21.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            c22.add(FloatVector.fromArray(S, out, r + 2 * L).mul(keep)).intoArray(out, r + 2 * L);
            c23.add(FloatVector.fromArray(S, out, r + 3 * L).mul(keep)).intoArray(out, r + 3 * L);
            r += ld;
            c30.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            c31.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            c32.add(FloatVector.fromArray(S, out, r + 2 * L).mul(keep)).intoArray(out, r + 2 * L);
            c33.add(FloatVector.fromArray(S, out, r + 3 * L).mul(keep)).intoArray(out, r + 3 * L);
            r += ld;
            c40.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            c41.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            c42.add(FloatVector.fromArray(S, out, r + 2 * L).mul(keep)).intoArray(out, r + 2 * L);
            c43.add(FloatVector.fromArray(S, out, r + 3 * L).mul(keep)).intoArray(out, r + 3 * L);
            r += ld;
            c50.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            c51.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            c52.add(FloatVector.fromArray(S, out, r + 2 * L).mul(keep)).intoArray(out, r + 2 * L);
            c53.add(FloatVector.fromArray(S, out, r + 3 * L).mul(keep)).intoArray(out, r + 3 * L);
        }
        if (!whole) {
            merge(rows, w, tile, c, cOff, ldc, keep, overwrite);
        }
    }

    private static void kernel1(int kc, float[] a, int aOff, int acs, float[] b, int bOff, int bs, float[] c,
                                int cOff, int w, float keep, boolean overwrite, float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int a0 = aOff;
        int bi = bOff;
        for (int p = 0; p < kc; p++) {
            FloatVector x = FloatVector.broadcast(S, a[a0]);
            c0 = x.fma(FloatVector.fromArray(S, b, bi), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bi + L), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), c3);
            a0 += acs;
            bi += bs;
        }
        float[] out = w == NR ? c : tile;
        int r = w == NR ? cOff : 0;
        if (overwrite || w < NR) {
            c0.intoArray(out, r);
            c1.intoArray(out, r + L);
            c2.intoArray(out, r + 2 * L);
            c3.intoArray(out, r + 3 * L);
        } else {
            c0.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            c1.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            c2.add(FloatVector.fromArray(S, out, r + 2 * L).mul(keep)).intoArray(out, r + 2 * L);
            c3.add(FloatVector.fromArray(S, out, r + 3 * L).mul(keep)).intoArray(out, r + 3 * L);
        }
        if (w < NR) {
            merge(1, w, tile, c, cOff, 0, keep, overwrite);
        }
    }

    /** Moves the first w columns of {@code rows} rows of a tile (row length {@value #NR}) into C. */
    private static void merge(int rows, int w, float[] tile, float[] c, int cOff, int ldc, float keep,
                              boolean overwrite) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < w; j++) {
                int at = cOff + r * ldc + j;
                c[at] = overwrite ? tile[r * NR + j] : tile[r * NR + j] + keep * c[at];
            }
        }
    }

    /**
     * A product with few columns (the output layer): {@code C[i][j] = A_i · B_j} as dot products along k,
     * B's columns first copied into rows, two rows of A by four columns of B at a time.
     */
    private static void narrow(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        float[] bt = SCRATCH.get().transposed(n * k);
        for (int p = 0; p < k; p++) {
            int row = bOff + p * ldb;
            for (int j = 0; j < n; j++) {
                bt[j * k + p] = b[row + j];
            }
        }
        int kv = S.loopBound(k);
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            int a0 = aOff + i * lda;
            int a1 = a0 + lda;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
                FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
                int t0 = j * k;
                for (int p = 0; p < kv; p += L) {
                    FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
                    FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
                    FloatVector y0 = FloatVector.fromArray(S, bt, t0 + p);
                    FloatVector y1 = FloatVector.fromArray(S, bt, t0 + k + p);
                    FloatVector y2 = FloatVector.fromArray(S, bt, t0 + 2 * k + p);
                    FloatVector y3 = FloatVector.fromArray(S, bt, t0 + 3 * k + p);
                    s00 = x0.fma(y0, s00);
                    s01 = x0.fma(y1, s01);
                    s02 = x0.fma(y2, s02);
                    s03 = x0.fma(y3, s03);
                    s10 = x1.fma(y0, s10);
                    s11 = x1.fma(y1, s11);
                    s12 = x1.fma(y2, s12);
                    s13 = x1.fma(y3, s13);
                }
                int c0 = cOff + i * ldc + j;
                int c1 = c0 + ldc;
                finish(s00.reduceLanes(jdk.incubator.vector.VectorOperators.ADD), a, a0, bt, t0, kv, k, c, c0, beta);
                finish(s01.reduceLanes(jdk.incubator.vector.VectorOperators.ADD), a, a0, bt, t0 + k, kv, k, c, c0 + 1, beta);
                finish(s02.reduceLanes(jdk.incubator.vector.VectorOperators.ADD), a, a0, bt, t0 + 2 * k, kv, k, c, c0 + 2, beta);
                finish(s03.reduceLanes(jdk.incubator.vector.VectorOperators.ADD), a, a0, bt, t0 + 3 * k, kv, k, c, c0 + 3, beta);
                finish(s10.reduceLanes(jdk.incubator.vector.VectorOperators.ADD), a, a1, bt, t0, kv, k, c, c1, beta);
                finish(s11.reduceLanes(jdk.incubator.vector.VectorOperators.ADD), a, a1, bt, t0 + k, kv, k, c, c1 + 1, beta);
                finish(s12.reduceLanes(jdk.incubator.vector.VectorOperators.ADD), a, a1, bt, t0 + 2 * k, kv, k, c, c1 + 2, beta);
                finish(s13.reduceLanes(jdk.incubator.vector.VectorOperators.ADD), a, a1, bt, t0 + 3 * k, kv, k, c, c1 + 3, beta);
            }
            for (; j < n; j++) {
                dot(a, a0, bt, j * k, k, c, cOff + i * ldc + j, beta);
                dot(a, a1, bt, j * k, k, c, cOff + (i + 1) * ldc + j, beta);
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                dot(a, aOff + i * lda, bt, j * k, k, c, cOff + i * ldc + j, beta);
            }
        }
    }

    /** Adds the scalar tail of a dot product past {@code kv} and stores it into C with beta. */
    private static void finish(float sum, float[] a, int aRow, float[] bt, int bRow, int kv, int k, float[] c, int at,
                               float beta) {
        for (int p = kv; p < k; p++) {
            sum += a[aRow + p] * bt[bRow + p];
        }
        c[at] = beta == 0f ? sum : sum + beta * c[at];
    }

    private static void dot(float[] a, int aRow, float[] bt, int bRow, int k, float[] c, int at, float beta) {
        FloatVector s = FloatVector.zero(S);
        int kv = S.loopBound(k);
        for (int p = 0; p < kv; p += L) {
            s = FloatVector.fromArray(S, a, aRow + p).fma(FloatVector.fromArray(S, bt, bRow + p), s);
        }
        finish(s.reduceLanes(jdk.incubator.vector.VectorOperators.ADD), a, aRow, bt, bRow, kv, k, c, at, beta);
    }

    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] = beta == 0f ? 0f : beta * c[row + j];
            }
        }
    }
}
