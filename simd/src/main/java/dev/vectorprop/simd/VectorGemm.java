package dev.vectorprop.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products on the Vector API. The core computes {@code C = A·B + beta·C} with register blocks of
 * accumulators: per step of k a kernel loads vectors of a row of B and broadcasts one value of A per row
 * into one fused multiply-add per vector. When A is worth packing (its blocks pass over several panels
 * of B), it is copied into micro-panels of {@value #PMR} rows and B into panels of 2 vectors, and a kernel of
 * {@value #PMR} rows × 2 vectors reads both at constant offsets. Otherwise A is read in place through its
 * two strides (so the same kernel serves A and Aᵀ) by a kernel of {@value #MR} rows × 4 vectors; a panel of
 * B is then read in place when few rows of A pass over it, else copied into a zero-padded scratch panel.
 * For {@code A·Bᵀ} panels are copied from Bᵀ, read by tiles, or, when B is the larger, {@code Cᵀ = B·Aᵀ} reads B's
 * rows in place ({@value #PMR} at a time and 2 vectors wide under {@value #NR} rows of A). k is cut into blocks of at
 * most {@value #KC} so that a panel of B stays near the core while every row block of A passes over it. A product with at most one
 * vector of columns uses a kernel of {@value #NARROW_ROWS} rows × 1 vector (one column: a one-row product over
 * Aᵀ), or for {@code Aᵀ·B} computes its transpose; a product of one row (prediction of one example) streams B
 * once through 16 vectors of accumulators.
 * Whatever the path, each element of C is summed in the same order (k ascending, {@link #blockDepth} blocks
 * added in turn), so a row's result does not depend on how many rows are multiplied with it.
 *
 * <p>Vectors never leave a method except into arrays through {@code intoArray}; the helpers that take
 * vectors are small enough that the JIT always inlines them. Scratch buffers are per thread and grow,
 * so a call allocates nothing once warm.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;
    /** Rows and columns of the kernel on A in place. */
    static final int MR = 6;
    static final int NR = 4 * L;
    /**
     * Rows and columns of the kernel on packed A: the same 24 accumulators as {@value #MR}×{@value #NR}, with half
     * the loads of B per multiply-add (on Intel's cores the other kernel is held back by L2's bandwidth).
     */
    static final int PMR = 12;
    static final int PNR = 2 * L;
    /** Rows of the kernel on packed A without its last four. */
    static final int SHORT_ROWS = 8;
    /** The deepest block of k: a panel of B this deep stays in L1 while the micro-panels of A pass over it. */
    static final int KC = 320;
    /**
     * Columns of B copied at a time for packed A: {@value #KC}×{@value #NC} floats (640 KB) stay in L2 while
     * every micro-panel of A passes over them.
     */
    static final int NC = 512;
    /** From this depth of a block of k, {@link #multiplyPacked} takes B's panels as its outer loop. */
    static final int PANEL_OUTER_DEPTH = 128;
    /** Rows of packed A that pass over one panel of B in L1 before the next panel comes in. */
    static final int MC = 192;
    /**
     * Fewer rows than this are not packed for a product on B as it is: padded to a block, most of the kernel's work
     * would be on zeros. Over weights packed once ({@link #packed}) A is packed from 2 rows: faster there than the
     * 6-row kernel's path it replaced at 2, 4, 8, 16, 32 and 256 rows, slower at 13 (blocks of 8 and 5).
     */
    static final int MIN_PACKED_ROWS = 4;
    /** Rows per block of the narrow kernel. */
    static final int NARROW_ROWS = 2 * MR;
    /**
     * From this many rows of A a panel of B is copied into contiguous memory first: read in place, a
     * panel's k rows lie a whole row of B apart, one page each for wide B, and the TLB misses cost more
     * than the copy once enough row blocks reuse it.
     */
    static final int PACK_B_ROWS = 2 * MR;
    /** Vectors per panel of the one-row product: 16 accumulators keep enough loads in flight to stream B. */
    static final int ROW_VECTORS = 16;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private VectorGemm() {
    }

    /**
     * Per-thread buffers: a padded panel of B, a tile of C, packed A, B's panels for packed A, a transposed
     * operand and result.
     */
    private static final class Scratch {
        private final float[] panel = new float[KC * NR];
        private final float[] tile = new float[Math.max(MR * NR, PMR * PNR)];
        private float[] packedA = new float[0];
        private float[] panels = new float[0];
        private float[] transposed = new float[0];
        private float[] result = new float[0];

        float[] packedA(int size) {
            return packedA = atLeast(packedA, size);
        }

        float[] transposed(int size) {
            return transposed = atLeast(transposed, size);
        }

        float[] panels(int size) {
            return panels = atLeast(panels, size);
        }

        float[] result(int size) {
            return result = atLeast(result, size);
        }

        /** The buffer itself while it is large enough, else a new one: it only grows. */
        private static float[] atLeast(float[] buffer, int size) {
            return buffer.length < size ? new float[size] : buffer;
        }
    }

    /** {@code C = A·B + beta·C}, A row-major m×k, B row-major k×n. */
    static void nn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float beta, float[] c, int cOff, int ldc) {
        if (n == 1 && ldc == 1 && m > 1) {
            // one column (a regression's output layer): cᵀ = bᵀ·Aᵀ, a one-row product over Aᵀ, the rows along
            // the vectors, where the narrow kernel would fill one lane of sixteen; each element summed as there
            float[] at = SCRATCH.get().transposed(m * k);
            transpose(m, k, a, aOff, lda, at, 0, m, 0f);
            oneRow(m, k, b, bOff, ldb, at, 0, m, beta, c, cOff);
        } else if (n <= L && m >= MR) {
            narrow(m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else if (m == 1) {
            oneRow(n, k, a, aOff, 1, b, bOff, ldb, beta, c, cOff);
        } else {
            multiply(m, n, k, a, aOff, lda, 1, packsA(m, n), b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** {@code C = Aᵀ·B + beta·C}, A stored k×m, B row-major k×n. */
    static void tn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float beta, float[] c, int cOff, int ldc) {
        if (m == 1) {
            oneRow(n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff);
        } else if (n == 1 && ldc == 1) {
            // one column: cᵀ = bᵀ·A, a one-row product over A read in place (the output layer's weight gradient)
            oneRow(m, k, b, bOff, ldb, a, aOff, lda, beta, c, cOff);
        } else if (n <= L && m > L) {
            // at most one vector of columns (the output layer's weight gradient): Cᵀ = Bᵀ·A puts the long
            // side along the vectors, where C's columns would fill a fraction of a panel
            float[] ct = SCRATCH.get().result(n * m);
            multiply(n, m, k, b, bOff, 1, ldb, packsA(n, m), a, aOff, lda, 0f, ct, 0, m);
            transpose(n, m, ct, 0, m, c, cOff, ldc, beta);
        } else {
            multiply(m, n, k, a, aOff, 1, lda, packsA(m, n), b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * {@code C = A·Bᵀ + beta·C}, A row-major m×k, B stored n×k, by whichever copies less: an ordinary
     * {@code A·B} whose panels of B are packed straight from B, read transposed, or, when A and C are
     * smaller than B and at least a panel of the 12-row kernel wide ({@value #PNR} rows), {@code Cᵀ = B·Aᵀ} with B
     * read in place (by {@link #rowsInPlace} under {@value #NR} rows, whose panel the 6-row kernel would half fill),
     * Aᵀ copied and the result added into C transposed. Every transposing copy goes by tiles one
     * vector square: along whole rows it strides a power of two through memory and misses
     * the cache on every element.
     */
    static void nt(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                   float beta, float[] c, int cOff, int ldc) {
        if (m < PNR || (long) m * (k + n) >= (long) n * k) {
            multiply(m, n, k, a, aOff, lda, 1, packsA(m, n), b, bOff, 1, ldb, null, beta, c, cOff, ldc);
            return;
        }
        Scratch scratch = SCRATCH.get();
        float[] at = scratch.transposed(k * m);
        transpose(m, k, a, aOff, lda, at, 0, m, 0f);
        float[] ct = scratch.result(n * m);
        if (m < NR) {
            rowsInPlace(n, m, k, b, bOff, ldb, at, ct);
        } else {
            multiply(n, m, k, b, bOff, ldb, 1, false, at, 0, m, 0f, ct, 0, m);
        }
        transpose(n, m, ct, 0, m, c, cOff, ldc, beta);
    }

    /**
     * {@code C = A·B} (C n×m, written) for A's n rows read in place ({@code lda} apart) and B k×m row-major, m less
     * than the 6-row kernel's panel: panels of B {@value #PNR} wide, each multiplied by blocks of 12 rows of A. It
     * serves {@code A·Bᵀ} for a shard's 32 rows as {@code Cᵀ = B·Aᵀ}: the weights, read in place, are not transposed
     * (every shard of a two-thread step transposed all of them), and the panel is not half empty.
     */
    private static void rowsInPlace(int n, int m, int k, float[] a, int aOff, int lda, float[] b, float[] c) {
        Scratch scratch = SCRATCH.get();
        for (int pc = 0, depth = blockDepth(k); pc < k; pc += depth) {
            int kc = Math.min(depth, k - pc);
            boolean first = pc == 0;
            for (int j0 = 0; j0 < m; j0 += PNR) {
                int w = Math.min(PNR, m - j0);
                float[] panel = b;
                int from = pc * m + j0;
                if (m != PNR) {
                    padRows(b, from, m, kc, w, scratch.panel, 0, PNR);
                    panel = scratch.panel;
                    from = 0;
                }
                for (int i = 0, rows; i < n; i += rows) {
                    rows = blockRows(n, i);
                    kernelRows(kc, a, aOff + i * lda + pc, lda, panel, from, c, i * m + j0, m, rows, w, first ? 0f : 1f,
                            first, scratch.tile);
                }
            }
        }
    }

    /**
     * Twelve rows of A, or eight ({@link #blockRows}), read in place (row r at {@code aOff + r·lda}), times a panel
     * of B {@value #PNR} wide.
     */
    private static void kernelRows(int kc, float[] a, int aOff, int lda, float[] b, int bOff, float[] c, int cOff,
                                   int ldc, int rows, int w, float keep, boolean overwrite, float[] tile) {
        int last = rows - 1;
        boolean twelve = rows > SHORT_ROWS;
        int o0 = aOff;
        int o1 = aOff + Math.min(1, last) * lda;
        int o2 = aOff + Math.min(2, last) * lda;
        int o3 = aOff + Math.min(3, last) * lda;
        int o4 = aOff + Math.min(4, last) * lda;
        int o5 = aOff + Math.min(5, last) * lda;
        int o6 = aOff + Math.min(6, last) * lda;
        int o7 = aOff + Math.min(7, last) * lda;
        int o8 = aOff + Math.min(8, last) * lda;
        int o9 = aOff + Math.min(9, last) * lda;
        int o10 = aOff + Math.min(10, last) * lda;
        int o11 = aOff + Math.min(11, last) * lda;
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00, c80 = c00, c81 = c00;
        FloatVector c90 = c00, c91 = c00, ca0 = c00, ca1 = c00, cb0 = c00, cb1 = c00;
        // two steps of p a pass, as the narrow kernel: each row's offset serves both broadcasts
        int p = 0;
        for (; p < kc - 1; p += 2) {
            FloatVector y0 = FloatVector.fromArray(S, b, bOff + p * PNR);
            FloatVector y1 = FloatVector.fromArray(S, b, bOff + p * PNR + L);
            FloatVector z0 = FloatVector.fromArray(S, b, bOff + (p + 1) * PNR);
            FloatVector z1 = FloatVector.fromArray(S, b, bOff + (p + 1) * PNR + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[o0 + p]);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            x = FloatVector.broadcast(S, a[o1 + p]);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            x = FloatVector.broadcast(S, a[o2 + p]);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            x = FloatVector.broadcast(S, a[o3 + p]);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
            x = FloatVector.broadcast(S, a[o4 + p]);
            c40 = x.fma(y0, c40);
            c41 = x.fma(y1, c41);
            x = FloatVector.broadcast(S, a[o5 + p]);
            c50 = x.fma(y0, c50);
            c51 = x.fma(y1, c51);
            x = FloatVector.broadcast(S, a[o6 + p]);
            c60 = x.fma(y0, c60);
            c61 = x.fma(y1, c61);
            x = FloatVector.broadcast(S, a[o7 + p]);
            c70 = x.fma(y0, c70);
            c71 = x.fma(y1, c71);
            if (twelve) {
                x = FloatVector.broadcast(S, a[o8 + p]);
                c80 = x.fma(y0, c80);
                c81 = x.fma(y1, c81);
                x = FloatVector.broadcast(S, a[o9 + p]);
                c90 = x.fma(y0, c90);
                c91 = x.fma(y1, c91);
                x = FloatVector.broadcast(S, a[o10 + p]);
                ca0 = x.fma(y0, ca0);
                ca1 = x.fma(y1, ca1);
                x = FloatVector.broadcast(S, a[o11 + p]);
                cb0 = x.fma(y0, cb0);
                cb1 = x.fma(y1, cb1);
            }
            x = FloatVector.broadcast(S, a[o0 + p + 1]);
            c00 = x.fma(z0, c00);
            c01 = x.fma(z1, c01);
            x = FloatVector.broadcast(S, a[o1 + p + 1]);
            c10 = x.fma(z0, c10);
            c11 = x.fma(z1, c11);
            x = FloatVector.broadcast(S, a[o2 + p + 1]);
            c20 = x.fma(z0, c20);
            c21 = x.fma(z1, c21);
            x = FloatVector.broadcast(S, a[o3 + p + 1]);
            c30 = x.fma(z0, c30);
            c31 = x.fma(z1, c31);
            x = FloatVector.broadcast(S, a[o4 + p + 1]);
            c40 = x.fma(z0, c40);
            c41 = x.fma(z1, c41);
            x = FloatVector.broadcast(S, a[o5 + p + 1]);
            c50 = x.fma(z0, c50);
            c51 = x.fma(z1, c51);
            x = FloatVector.broadcast(S, a[o6 + p + 1]);
            c60 = x.fma(z0, c60);
            c61 = x.fma(z1, c61);
            x = FloatVector.broadcast(S, a[o7 + p + 1]);
            c70 = x.fma(z0, c70);
            c71 = x.fma(z1, c71);
            if (twelve) {
                x = FloatVector.broadcast(S, a[o8 + p + 1]);
                c80 = x.fma(z0, c80);
                c81 = x.fma(z1, c81);
                x = FloatVector.broadcast(S, a[o9 + p + 1]);
                c90 = x.fma(z0, c90);
                c91 = x.fma(z1, c91);
                x = FloatVector.broadcast(S, a[o10 + p + 1]);
                ca0 = x.fma(z0, ca0);
                ca1 = x.fma(z1, ca1);
                x = FloatVector.broadcast(S, a[o11 + p + 1]);
                cb0 = x.fma(z0, cb0);
                cb1 = x.fma(z1, cb1);
            }
        }
        if (p < kc) {
            FloatVector y0 = FloatVector.fromArray(S, b, bOff + p * PNR);
            FloatVector y1 = FloatVector.fromArray(S, b, bOff + p * PNR + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[o0 + p]);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            x = FloatVector.broadcast(S, a[o1 + p]);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            x = FloatVector.broadcast(S, a[o2 + p]);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            x = FloatVector.broadcast(S, a[o3 + p]);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
            x = FloatVector.broadcast(S, a[o4 + p]);
            c40 = x.fma(y0, c40);
            c41 = x.fma(y1, c41);
            x = FloatVector.broadcast(S, a[o5 + p]);
            c50 = x.fma(y0, c50);
            c51 = x.fma(y1, c51);
            x = FloatVector.broadcast(S, a[o6 + p]);
            c60 = x.fma(y0, c60);
            c61 = x.fma(y1, c61);
            x = FloatVector.broadcast(S, a[o7 + p]);
            c70 = x.fma(y0, c70);
            c71 = x.fma(y1, c71);
            if (twelve) {
                x = FloatVector.broadcast(S, a[o8 + p]);
                c80 = x.fma(y0, c80);
                c81 = x.fma(y1, c81);
                x = FloatVector.broadcast(S, a[o9 + p]);
                c90 = x.fma(y0, c90);
                c91 = x.fma(y1, c91);
                x = FloatVector.broadcast(S, a[o10 + p]);
                ca0 = x.fma(y0, ca0);
                ca1 = x.fma(y1, ca1);
                x = FloatVector.broadcast(S, a[o11 + p]);
                cb0 = x.fma(y0, cb0);
                cb1 = x.fma(y1, cb1);
            }
        }
        c00.intoArray(tile, 0 * PNR);
        c01.intoArray(tile, 0 * PNR + L);
        c10.intoArray(tile, 1 * PNR);
        c11.intoArray(tile, 1 * PNR + L);
        c20.intoArray(tile, 2 * PNR);
        c21.intoArray(tile, 2 * PNR + L);
        c30.intoArray(tile, 3 * PNR);
        c31.intoArray(tile, 3 * PNR + L);
        c40.intoArray(tile, 4 * PNR);
        c41.intoArray(tile, 4 * PNR + L);
        c50.intoArray(tile, 5 * PNR);
        c51.intoArray(tile, 5 * PNR + L);
        c60.intoArray(tile, 6 * PNR);
        c61.intoArray(tile, 6 * PNR + L);
        c70.intoArray(tile, 7 * PNR);
        c71.intoArray(tile, 7 * PNR + L);
        c80.intoArray(tile, 8 * PNR);
        c81.intoArray(tile, 8 * PNR + L);
        c90.intoArray(tile, 9 * PNR);
        c91.intoArray(tile, 9 * PNR + L);
        ca0.intoArray(tile, 10 * PNR);
        ca1.intoArray(tile, 10 * PNR + L);
        cb0.intoArray(tile, 11 * PNR);
        cb1.intoArray(tile, 11 * PNR + L);
        merge(rows, w, tile, PNR, c, cOff, ldc, keep, overwrite);
    }

    /**
     * {@code to[toOff + p·toLd + i] = from[offset + i·ld + p] + beta·to[…]} for a rows×cols matrix, by square
     * tiles one vector wide ({@code beta} 0 overwrites): whole tiles through {@link #transposeTile}, the
     * edges and {@code beta} ≠ 0 element by element.
     */
    private static void transpose(int rows, int cols, float[] from, int offset, int ld, float[] to, int toOff,
                                  int toLd, float beta) {
        float[] tile = beta == 0f ? SCRATCH.get().tile : null;
        for (int i0 = 0; i0 < rows; i0 += L) {
            int i1 = Math.min(rows, i0 + L);
            for (int p0 = 0; p0 < cols; p0 += L) {
                int p1 = Math.min(cols, p0 + L);
                if (tile != null && i1 - i0 == L && p1 - p0 == L) {
                    if (L == 16) {
                        transposeTile16(from, offset + i0 * ld + p0, ld, to, toOff + p0 * toLd + i0, toLd);
                    } else {
                        transposeTile(from, offset + i0 * ld + p0, ld, to, toOff + p0 * toLd + i0, toLd, tile);
                    }
                    continue;
                }
                for (int i = i0; i < i1; i++) {
                    int row = offset + i * ld;
                    for (int p = p0; p < p1; p++) {
                        int at = toOff + p * toLd + i;
                        to[at] = beta == 0f ? from[row + p] : from[row + p] + beta * to[at];
                    }
                }
            }
        }
    }

    /**
     * Lane indices of the butterfly transpose of an L×L tile, two vectors per stage s = L/2, L/4, …, 1: rows
     * i and i + s (bit s of i clear) swap row i's lanes with bit s set for row i + s's lanes with it clear;
     * {@code selectFrom(row i, row i + s)} by the first vector gives the new row i, by the second the new
     * row i + s.
     */
    private static final float[] BUTTERFLY = butterfly();

    private static float[] butterfly() {
        float[] indices = new float[Integer.numberOfTrailingZeros(L) * 2 * L];
        int at = 0;
        for (int s = L / 2; s >= 1; s >>= 1, at += 2 * L) {
            for (int j = 0; j < L; j++) {
                indices[at + j] = (j & s) == 0 ? j : L + j - s;
                indices[at + L + j] = (j & s) == 0 ? j + s : L + j;
            }
        }
        return indices;
    }

    /**
     * Transposes the L×L tile at {@code from[at]} (rows {@code ld} apart) into {@code to[toAt]} (rows
     * {@code toLd} apart) in log₂L stages of two-vector selects over a scratch tile: at 16 lanes, 192
     * vector loads and stores where a copy element by element takes 512 scalar ones.
     */
    private static void transposeTile(float[] from, int at, int ld, float[] to, int toAt, int toLd, float[] tile) {
        for (int r = 0; r < L; r++) {
            FloatVector.fromArray(S, from, at + r * ld).intoArray(tile, r * L);
        }
        int stage = 0;
        for (int s = L / 2; s >= 1; s >>= 1, stage += 2 * L) {
            FloatVector low = FloatVector.fromArray(S, BUTTERFLY, stage);
            FloatVector high = FloatVector.fromArray(S, BUTTERFLY, stage + L);
            for (int i = 0; i < L; i++) {
                if ((i & s) == 0) {
                    FloatVector x = FloatVector.fromArray(S, tile, i * L);
                    FloatVector y = FloatVector.fromArray(S, tile, (i + s) * L);
                    low.selectFrom(x, y).intoArray(tile, i * L);
                    high.selectFrom(x, y).intoArray(tile, (i + s) * L);
                }
            }
        }
        for (int r = 0; r < L; r++) {
            FloatVector.fromArray(S, tile, r * L).intoArray(to, toAt + r * toLd);
        }
    }

    /**
     * {@link #transposeTile} at 16 lanes with the tile held in registers: the same stages without the
     * stores and loads between them.
     */
    private static void transposeTile16(float[] from, int at, int ld, float[] to, int toAt, int toLd) {
        FloatVector r0 = FloatVector.fromArray(S, from, at);
        FloatVector r1 = FloatVector.fromArray(S, from, at + 1 * ld);
        FloatVector r2 = FloatVector.fromArray(S, from, at + 2 * ld);
        FloatVector r3 = FloatVector.fromArray(S, from, at + 3 * ld);
        FloatVector r4 = FloatVector.fromArray(S, from, at + 4 * ld);
        FloatVector r5 = FloatVector.fromArray(S, from, at + 5 * ld);
        FloatVector r6 = FloatVector.fromArray(S, from, at + 6 * ld);
        FloatVector r7 = FloatVector.fromArray(S, from, at + 7 * ld);
        FloatVector r8 = FloatVector.fromArray(S, from, at + 8 * ld);
        FloatVector r9 = FloatVector.fromArray(S, from, at + 9 * ld);
        FloatVector r10 = FloatVector.fromArray(S, from, at + 10 * ld);
        FloatVector r11 = FloatVector.fromArray(S, from, at + 11 * ld);
        FloatVector r12 = FloatVector.fromArray(S, from, at + 12 * ld);
        FloatVector r13 = FloatVector.fromArray(S, from, at + 13 * ld);
        FloatVector r14 = FloatVector.fromArray(S, from, at + 14 * ld);
        FloatVector r15 = FloatVector.fromArray(S, from, at + 15 * ld);
        FloatVector lo;
        FloatVector hi;
        FloatVector t;
        lo = FloatVector.fromArray(S, BUTTERFLY, 0);
        hi = FloatVector.fromArray(S, BUTTERFLY, 16);
        t = lo.selectFrom(r0, r8);
        r8 = hi.selectFrom(r0, r8);
        r0 = t;
        t = lo.selectFrom(r1, r9);
        r9 = hi.selectFrom(r1, r9);
        r1 = t;
        t = lo.selectFrom(r2, r10);
        r10 = hi.selectFrom(r2, r10);
        r2 = t;
        t = lo.selectFrom(r3, r11);
        r11 = hi.selectFrom(r3, r11);
        r3 = t;
        t = lo.selectFrom(r4, r12);
        r12 = hi.selectFrom(r4, r12);
        r4 = t;
        t = lo.selectFrom(r5, r13);
        r13 = hi.selectFrom(r5, r13);
        r5 = t;
        t = lo.selectFrom(r6, r14);
        r14 = hi.selectFrom(r6, r14);
        r6 = t;
        t = lo.selectFrom(r7, r15);
        r15 = hi.selectFrom(r7, r15);
        r7 = t;
        lo = FloatVector.fromArray(S, BUTTERFLY, 32);
        hi = FloatVector.fromArray(S, BUTTERFLY, 48);
        t = lo.selectFrom(r0, r4);
        r4 = hi.selectFrom(r0, r4);
        r0 = t;
        t = lo.selectFrom(r1, r5);
        r5 = hi.selectFrom(r1, r5);
        r1 = t;
        t = lo.selectFrom(r2, r6);
        r6 = hi.selectFrom(r2, r6);
        r2 = t;
        t = lo.selectFrom(r3, r7);
        r7 = hi.selectFrom(r3, r7);
        r3 = t;
        t = lo.selectFrom(r8, r12);
        r12 = hi.selectFrom(r8, r12);
        r8 = t;
        t = lo.selectFrom(r9, r13);
        r13 = hi.selectFrom(r9, r13);
        r9 = t;
        t = lo.selectFrom(r10, r14);
        r14 = hi.selectFrom(r10, r14);
        r10 = t;
        t = lo.selectFrom(r11, r15);
        r15 = hi.selectFrom(r11, r15);
        r11 = t;
        lo = FloatVector.fromArray(S, BUTTERFLY, 64);
        hi = FloatVector.fromArray(S, BUTTERFLY, 80);
        t = lo.selectFrom(r0, r2);
        r2 = hi.selectFrom(r0, r2);
        r0 = t;
        t = lo.selectFrom(r1, r3);
        r3 = hi.selectFrom(r1, r3);
        r1 = t;
        t = lo.selectFrom(r4, r6);
        r6 = hi.selectFrom(r4, r6);
        r4 = t;
        t = lo.selectFrom(r5, r7);
        r7 = hi.selectFrom(r5, r7);
        r5 = t;
        t = lo.selectFrom(r8, r10);
        r10 = hi.selectFrom(r8, r10);
        r8 = t;
        t = lo.selectFrom(r9, r11);
        r11 = hi.selectFrom(r9, r11);
        r9 = t;
        t = lo.selectFrom(r12, r14);
        r14 = hi.selectFrom(r12, r14);
        r12 = t;
        t = lo.selectFrom(r13, r15);
        r15 = hi.selectFrom(r13, r15);
        r13 = t;
        lo = FloatVector.fromArray(S, BUTTERFLY, 96);
        hi = FloatVector.fromArray(S, BUTTERFLY, 112);
        t = lo.selectFrom(r0, r1);
        r1 = hi.selectFrom(r0, r1);
        r0 = t;
        t = lo.selectFrom(r2, r3);
        r3 = hi.selectFrom(r2, r3);
        r2 = t;
        t = lo.selectFrom(r4, r5);
        r5 = hi.selectFrom(r4, r5);
        r4 = t;
        t = lo.selectFrom(r6, r7);
        r7 = hi.selectFrom(r6, r7);
        r6 = t;
        t = lo.selectFrom(r8, r9);
        r9 = hi.selectFrom(r8, r9);
        r8 = t;
        t = lo.selectFrom(r10, r11);
        r11 = hi.selectFrom(r10, r11);
        r10 = t;
        t = lo.selectFrom(r12, r13);
        r13 = hi.selectFrom(r12, r13);
        r12 = t;
        t = lo.selectFrom(r14, r15);
        r15 = hi.selectFrom(r14, r15);
        r14 = t;
        r0.intoArray(to, toAt);
        r1.intoArray(to, toAt + 1 * toLd);
        r2.intoArray(to, toAt + 2 * toLd);
        r3.intoArray(to, toAt + 3 * toLd);
        r4.intoArray(to, toAt + 4 * toLd);
        r5.intoArray(to, toAt + 5 * toLd);
        r6.intoArray(to, toAt + 6 * toLd);
        r7.intoArray(to, toAt + 7 * toLd);
        r8.intoArray(to, toAt + 8 * toLd);
        r9.intoArray(to, toAt + 9 * toLd);
        r10.intoArray(to, toAt + 10 * toLd);
        r11.intoArray(to, toAt + 11 * toLd);
        r12.intoArray(to, toAt + 12 * toLd);
        r13.intoArray(to, toAt + 13 * toLd);
        r14.intoArray(to, toAt + 14 * toLd);
        r15.intoArray(to, toAt + 15 * toLd);
    }

    /**
     * Whether A is worth copying into micro-panels: only when each of its blocks passes over more than
     * {@value #NR} columns of B (small layers use A once, and the copy would cost as much as the product).
     */
    private static boolean packsA(int m, int n) {
        return m >= MIN_PACKED_ROWS && n > NR;
    }

    /**
     * The blocked product. Element (i, p) of A is {@code a[aOff + i·ars + p·acs]}; B is row-major. A is
     * packed into micro-panels when {@link #packsA} says it pays ({@link #multiplyPacked}), and never when it
     * is the weights (in {@link #nt}); otherwise it is read in place.
     */
    private static void multiply(int m, int n, int k, float[] a, int aOff, int ars, int acs, boolean packA,
                                 float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        multiply(m, n, k, a, aOff, ars, acs, packA, b, bOff, ldb, 1, null, beta, c, cOff, ldc);
    }

    /**
     * {@link #multiply} with element (p, j) of B at {@code b[bOff + p·brs + j·bcs]}: row-major when
     * {@code bcs} is 1, else (Bᵀ stored) always packed, by tiles; or with B's panels taken from
     * {@code packedB} (laid out by {@link #pack}, and then A packed) when it is not null.
     */
    private static void multiply(int m, int n, int k, float[] a, int aOff, int ars, int acs, boolean packA,
                                 float[] b, int bOff, int brs, int bcs, float[] packedB, float beta, float[] c,
                                 int cOff, int ldc) {
        if (k == 0) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (packA || packedB != null) {
            multiplyPacked(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, packedB, beta, c, cOff, ldc);
            return;
        }
        Scratch scratch = SCRATCH.get();
        for (int pc = 0, depth = blockDepth(k); pc < k; pc += depth) {
            int kc = Math.min(depth, k - pc);
            boolean first = pc == 0;
            float keep = first ? beta : 1f;
            boolean overwrite = first && beta == 0f;
            for (int j0 = 0; j0 < n; j0 += NR) {
                int w = Math.min(NR, n - j0);
                float[] bp = b;
                int bpOff = bOff + pc * brs + j0 * bcs;
                int bs = brs;
                if (bcs != 1) {
                    transpose(w, kc, b, bpOff, bcs, scratch.panel, 0, NR, 0f);
                    padColumns(kc, w, scratch.panel, 0, NR);
                    bp = scratch.panel;
                    bpOff = 0;
                    bs = NR;
                } else if (w < NR || m >= PACK_B_ROWS && brs != NR) { // rows NR apart are a panel already
                    float[] panel = scratch.panel;
                    padRows(b, bpOff, brs, kc, w, panel, 0, NR);
                    bp = panel;
                    bpOff = 0;
                    bs = NR;
                }
                int i = 0;
                for (; i < m - m % MR; i += MR) {
                    kernel6(kc, a, aOff + pc * acs + i * ars, ars, acs, bp, bpOff, bs, c, cOff + i * ldc + j0, ldc, w,
                            keep, overwrite, scratch.tile);
                }
                for (; i < m; i += 2) {
                    kernel2(kc, a, aOff + pc * acs + i * ars, ars, acs, bp, bpOff, bs, c, cOff + i * ldc + j0, ldc, w,
                            Math.min(2, m - i), keep, overwrite, scratch.tile);
                }
            }
        }
    }

    /** The layout of {@link #pack}: the panel sizes it depends on, so that another species' kernels refuse it. */
    static final int LAYOUT = KC << 8 | PNR;

    /**
     * B[k×n] as {@link #multiplyPacked} reads it, once: for each block of k ({@link #blockDepth}), each panel of
     * {@value #PNR} columns in turn, k-major and zero-padded to the panel's width ({@link #panelOffset}), as the
     * copies it would make on every call.
     */
    static float[] pack(int k, int n, float[] b, int bOff, int ldb) {
        float[] packed = new float[Math.multiplyExact(k, paddedColumns(n))];
        for (int pc = 0, depth = blockDepth(k); pc < k; pc += depth) {
            int kc = Math.min(depth, k - pc);
            for (int j0 = 0; j0 < n; j0 += PNR) {
                int w = Math.min(PNR, n - j0);
                int to = panelOffset(n, pc, kc, j0);
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, bOff + (pc + p) * ldb + j0, packed, to + p * PNR, w);
                }
            }
        }
        return packed;
    }

    /**
     * Where, in {@link #pack}'s layout, the panel of columns from {@code j0} (a multiple of {@value #PNR}) of the
     * block of rows from {@code pc} ({@code kc} rows) starts.
     */
    private static int panelOffset(int n, int pc, int kc, int j0) {
        return pc * paddedColumns(n) + j0 * kc;
    }

    /**
     * The depth of the blocks k is cut into: at most {@value #KC}, as even as they go (784 is 262 + 262 + 260, not
     * 320 + 320 + 144), so that no block is too shallow to pay for its pass over C. It depends on k alone, so every
     * path sums in the same order.
     */
    static int blockDepth(int k) {
        int blocks = Math.max(1, (k + KC - 1) / KC);
        return Math.max(1, (k + blocks - 1) / blocks);
    }

    /** n rounded up to whole panels of {@value #PNR}. */
    private static int paddedColumns(int n) {
        return (n + PNR - 1) / PNR * PNR;
    }

    /** {@code C = A·B} for B laid out by {@link #pack}: the bits of {@link #nn} on B itself. */
    static void packed(int m, int n, int k, float[] a, int aOff, int lda, float[] packedB, float[] c, int cOff,
                       int ldc) {
        multiply(m, n, k, a, aOff, lda, 1, true, null, 0, 0, 1, packedB, 0f, c, cOff, ldc);
    }

    /**
     * One row of A (element p at {@code a[aOff + p·acs]}) times B: memory-bound, so B is read in place,
     * once, in panels of {@value #ROW_VECTORS} vectors, then of 8 and 4, and the columns left over a vector at a
     * time with masked loads (copying a padded panel would cost as much as the product). The rows of B that
     * a zero of A would multiply are skipped (about half after a ReLU): where B is finite a skipped term
     * would add an exact zero, so every bit is as in the batch kernels (0·∞ would be NaN).
     */
    private static void oneRow(int n, int k, float[] a, int aOff, int acs, float[] b, int bOff, int ldb, float beta,
                               float[] c, int cOff) {
        if (k == 0) {
            scale(1, n, beta, c, cOff, n);
            return;
        }
        Nonzeros nonzeros = Nonzeros.of(a, aOff, acs, k);
        int[] rows = nonzeros.indices;
        for (int block = 0; block < Nonzeros.blocks(k); block++) {
            int from = nonzeros.from(block);
            int to = nonzeros.to(block);
            boolean first = block == 0;
            float keep = first ? beta : 1f;
            boolean overwrite = first && beta == 0f;
            if (from == to) {
                Nonzeros.addNothing(c, cOff, n, keep, overwrite);
                continue;
            }
            int j0 = 0;
            for (int vectors = ROW_VECTORS; vectors >= 4; vectors /= 2) {
                for (; j0 + vectors * L <= n; j0 += vectors * L) {
                    kernelRow(rows, from, to, a, aOff, acs, b, bOff + j0, ldb, c, cOff + j0, keep, overwrite, vectors);
                }
            }
            for (; j0 < n; j0 += L) {
                kernelRowMasked(rows, from, to, a, aOff, acs, b, bOff + j0, ldb, c, cOff + j0, Math.min(L, n - j0),
                        keep, overwrite);
            }
        }
    }

    /**
     * One vector (its first w columns) of one row of C. B's rows are read a whole vector at a time, the lanes past w
     * taken from the next row and never stored, except for the last rows, whose vector would run past B's end: those
     * through a mask. A masked load at every row ran 3.5 times slower in some JVMs than in others (two forks in five
     * of a 300-column product), as C2 happened to compile it. One vector, not four: a method with four masked
     * vectors is more than C1 can compile, and a kernel left in the interpreter allocates.
     */
    private static void kernelRowMasked(int[] rows, int from, int to, float[] a, int aOff, int acs, float[] b,
                                        int bOff, int ldb, float[] c, int cOff, int w, float keep, boolean overwrite) {
        VectorMask<Float> inside = S.indexInRange(0, w);
        int whole = to;
        while (whole > from && bOff + rows[whole - 1] * ldb > b.length - L) {
            whole--;
        }
        FloatVector sums = FloatVector.zero(S);
        for (int t = from; t < whole; t++) {
            int p = rows[t];
            sums = FloatVector.broadcast(S, a[aOff + p * acs]).fma(FloatVector.fromArray(S, b, bOff + p * ldb), sums);
        }
        for (int t = whole; t < to; t++) {
            int p = rows[t];
            sums = FloatVector.broadcast(S, a[aOff + p * acs]).fma(FloatVector.fromArray(S, b, bOff + p * ldb, inside),
                    sums);
        }
        if (overwrite) {
            sums.intoArray(c, cOff, inside);
        } else {
            sums.add(FloatVector.fromArray(S, c, cOff, inside).mul(keep)).intoArray(c, cOff, inside);
        }
    }

    /**
     * Columns {@code 0..vectors·L} of C's row ({@code vectors} {@value #ROW_VECTORS}, 8 or 4), summed over the rows
     * of B listed in {@code rows[from, to)}. The narrower widths leave out the last vectors through tests that are
     * the same at every step (as the 12×2 kernel's blocks of 8), so one method serves all three: a column left over
     * from the widest panels went a vector at a time, one dependent chain of multiply-adds per pass over B's rows,
     * and 128 columns took 1.8× the time of 256.
     */
    private static void kernelRow(int[] rows, int from, int to, float[] a, int aOff, int acs, float[] b, int bOff,
                                  int ldb, float[] c, int cOff, float keep, boolean overwrite, int vectors) {
        boolean eight = vectors >= 8;
        boolean sixteen = vectors == 16;
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        FloatVector c8 = c0, c9 = c0, c10 = c0, c11 = c0, c12 = c0, c13 = c0, c14 = c0, c15 = c0;
        for (int t = from; t < to; t++) {
            int p = rows[t];
            FloatVector x = FloatVector.broadcast(S, a[aOff + p * acs]);
            int bi = bOff + p * ldb;
            c0 = x.fma(FloatVector.fromArray(S, b, bi), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bi + L), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), c3);
            if (eight) {
                c4 = x.fma(FloatVector.fromArray(S, b, bi + 4 * L), c4);
                c5 = x.fma(FloatVector.fromArray(S, b, bi + 5 * L), c5);
                c6 = x.fma(FloatVector.fromArray(S, b, bi + 6 * L), c6);
                c7 = x.fma(FloatVector.fromArray(S, b, bi + 7 * L), c7);
            }
            if (sixteen) {
                c8 = x.fma(FloatVector.fromArray(S, b, bi + 8 * L), c8);
                c9 = x.fma(FloatVector.fromArray(S, b, bi + 9 * L), c9);
                c10 = x.fma(FloatVector.fromArray(S, b, bi + 10 * L), c10);
                c11 = x.fma(FloatVector.fromArray(S, b, bi + 11 * L), c11);
                c12 = x.fma(FloatVector.fromArray(S, b, bi + 12 * L), c12);
                c13 = x.fma(FloatVector.fromArray(S, b, bi + 13 * L), c13);
                c14 = x.fma(FloatVector.fromArray(S, b, bi + 14 * L), c14);
                c15 = x.fma(FloatVector.fromArray(S, b, bi + 15 * L), c15);
            }
        }
        // stores written out: a helper taking vectors is too large to inline here, and boxing them is slow
        if (overwrite) {
            c0.intoArray(c, cOff);
            c1.intoArray(c, cOff + L);
            c2.intoArray(c, cOff + 2 * L);
            c3.intoArray(c, cOff + 3 * L);
            if (eight) {
                c4.intoArray(c, cOff + 4 * L);
                c5.intoArray(c, cOff + 5 * L);
                c6.intoArray(c, cOff + 6 * L);
                c7.intoArray(c, cOff + 7 * L);
            }
            if (sixteen) {
                c8.intoArray(c, cOff + 8 * L);
                c9.intoArray(c, cOff + 9 * L);
                c10.intoArray(c, cOff + 10 * L);
                c11.intoArray(c, cOff + 11 * L);
                c12.intoArray(c, cOff + 12 * L);
                c13.intoArray(c, cOff + 13 * L);
                c14.intoArray(c, cOff + 14 * L);
                c15.intoArray(c, cOff + 15 * L);
            }
        } else {
            c0.add(FloatVector.fromArray(S, c, cOff).mul(keep)).intoArray(c, cOff);
            c1.add(FloatVector.fromArray(S, c, cOff + L).mul(keep)).intoArray(c, cOff + L);
            c2.add(FloatVector.fromArray(S, c, cOff + 2 * L).mul(keep)).intoArray(c, cOff + 2 * L);
            c3.add(FloatVector.fromArray(S, c, cOff + 3 * L).mul(keep)).intoArray(c, cOff + 3 * L);
            if (eight) {
                c4.add(FloatVector.fromArray(S, c, cOff + 4 * L).mul(keep)).intoArray(c, cOff + 4 * L);
                c5.add(FloatVector.fromArray(S, c, cOff + 5 * L).mul(keep)).intoArray(c, cOff + 5 * L);
                c6.add(FloatVector.fromArray(S, c, cOff + 6 * L).mul(keep)).intoArray(c, cOff + 6 * L);
                c7.add(FloatVector.fromArray(S, c, cOff + 7 * L).mul(keep)).intoArray(c, cOff + 7 * L);
            }
            if (sixteen) {
                c8.add(FloatVector.fromArray(S, c, cOff + 8 * L).mul(keep)).intoArray(c, cOff + 8 * L);
                c9.add(FloatVector.fromArray(S, c, cOff + 9 * L).mul(keep)).intoArray(c, cOff + 9 * L);
                c10.add(FloatVector.fromArray(S, c, cOff + 10 * L).mul(keep)).intoArray(c, cOff + 10 * L);
                c11.add(FloatVector.fromArray(S, c, cOff + 11 * L).mul(keep)).intoArray(c, cOff + 11 * L);
                c12.add(FloatVector.fromArray(S, c, cOff + 12 * L).mul(keep)).intoArray(c, cOff + 12 * L);
                c13.add(FloatVector.fromArray(S, c, cOff + 13 * L).mul(keep)).intoArray(c, cOff + 13 * L);
                c14.add(FloatVector.fromArray(S, c, cOff + 14 * L).mul(keep)).intoArray(c, cOff + 14 * L);
                c15.add(FloatVector.fromArray(S, c, cOff + 15 * L).mul(keep)).intoArray(c, cOff + 15 * L);
            }
        }
    }

    /**
     * The blocked product with A packed ({@link #packA}): for each block of k, B's panels {@value #PNR} columns
     * wide are copied for up to {@value #NC} columns at a time (or taken from {@code packedB}, laid out by
     * {@link #pack}), then the kernel runs each micro-panel of A against each panel. The kernel reads both at
     * constant offsets from its counter, checked once per call rather than at every load, and streams half as
     * much of B per multiply-add as the {@value #MR}-row kernel. A deep block ({@value #PANEL_OUTER_DEPTH} or
     * more) takes the panels outer, {@value #MC} rows of A at a time, so that a panel stays in L1 while those
     * micro-panels stream from L2. A shallow one, as the weights' gradient over a shard of 32 rows, takes the
     * rows outer and writes C a whole row segment at a time: down one panel's columns at a time, that gradient
     * went down 2 KB strides in two-line pieces, and two-thread training lost 5%.
     */
    private static void multiplyPacked(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff,
                                       int brs, int bcs, float[] packedB, float beta, float[] c, int cOff, int ldc) {
        Scratch scratch = SCRATCH.get();
        float[] packed = scratch.packedA((m / PMR + 2) * PMR * KC);
        float[] panels = packedB != null ? packedB : scratch.panels(Math.min(NC, paddedColumns(n)) * KC);
        for (int pc = 0, depth = blockDepth(k); pc < k; pc += depth) {
            int kc = Math.min(depth, k - pc);
            boolean first = pc == 0;
            float keep = first ? beta : 1f;
            boolean overwrite = first && beta == 0f;
            packA(m, kc, a, aOff + pc * acs, ars, acs, packed);
            for (int jc = 0; jc < n; jc += NC) {
                int nc = Math.min(NC, n - jc);
                int base = 0;
                if (packedB != null) {
                    base = panelOffset(n, pc, kc, jc);
                } else if (bcs != 1) {
                    for (int j = 0; j < nc; j += PNR) {
                        int w = Math.min(PNR, nc - j);
                        transpose(w, kc, b, bOff + pc * brs + (jc + j) * bcs, bcs, panels, j * kc, PNR, 0f);
                        padColumns(kc, w, panels, j * kc, PNR);
                    }
                } else {
                    copyPanels(kc, nc, b, bOff + pc * brs + jc, brs, kc >= PANEL_OUTER_DEPTH, panels);
                }
                // a partial block of rows runs on packed zeros
                boolean deep = kc >= PANEL_OUTER_DEPTH;
                int group = deep ? PNR : nc;
                int chunk = deep ? MC : m;
                for (int i0 = 0, s0 = 0, iEnd, sEnd; i0 < m; i0 = iEnd, s0 = sEnd) {
                    // deep: the blocks of up to MC rows of A that stay in L2 while B's panels pass through L1
                    iEnd = i0;
                    sEnd = s0;
                    while (iEnd < m && iEnd < i0 + chunk) {
                        iEnd += blockRows(m, iEnd);
                        sEnd += PMR * kc;
                    }
                    for (int jg = 0; jg < nc; jg += group) {
                        for (int i = i0, rows, slot = s0; i < iEnd; i += rows, slot += PMR * kc) {
                            rows = blockRows(m, i);
                            for (int j = jg; j < Math.min(nc, jg + group); j += PNR) {
                                kernelPacked(kc, packed, slot, panels, base + j * kc, c, cOff + i * ldc + jc + j,
                                        ldc, rows, Math.min(PNR, nc - j), keep, overwrite, scratch.tile);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * B's {@code kc} rows of {@code nc} columns into panels {@value #PNR} wide ({@code panels[j·kc + p·PNR]} for the
     * panel from column j), padded. A deep block goes row by row: it is the weights, read from L3 since the last
     * update, and B's rows are then read straight through, where a panel at a time strides a whole row of B from one
     * row to the next, past what the prefetcher follows (two-thread training at batch 64, whose shards copy all of
     * the weights, 12–20% faster). A shallow one (the weights' gradient, over a shard's deltas still in L2) goes a
     * panel at a time: row by row, writing into every panel at once, took 1.04× the time there.
     */
    private static void copyPanels(int kc, int nc, float[] b, int bOff, int ldb, boolean byRows, float[] panels) {
        int whole = byRows ? nc - nc % PNR : 0;
        for (int p = 0; p < kc && whole > 0; p++) {
            int from = bOff + p * ldb;
            for (int j = 0; j < whole; j += PNR) {
                int to = j * kc + p * PNR;
                FloatVector.fromArray(S, b, from + j).intoArray(panels, to);
                FloatVector.fromArray(S, b, from + j + L).intoArray(panels, to + L);
            }
        }
        for (int j = whole; j < nc; j += PNR) {
            padRows(b, bOff + j, ldb, kc, Math.min(PNR, nc - j), panels, j * kc, PNR);
        }
    }

    /**
     * Rows of the block of packed A that starts at row i: {@value #PMR}, except that the last 13–16 rows go as two
     * blocks of at most {@value #SHORT_ROWS}, and fewer than 9 as one, which the kernel runs without its last four
     * rows: 64 rows are 4 × 12 + 2 × 8, where blocks of 12 only would have multiplied 8 rows of zeros.
     */
    private static int blockRows(int m, int i) {
        int left = m - i;
        return left > PMR && left <= PMR + 4 ? SHORT_ROWS : Math.min(PMR, left);
    }

    /** Rows the kernel computes for a block of {@code rows}: {@value #SHORT_ROWS} or {@value #PMR}. */
    private static int kernelRows(int rows) {
        return rows > SHORT_ROWS ? PMR : SHORT_ROWS;
    }

    /**
     * Copies A's block of kc columns into micro-panels of {@value #PMR} rows, k-major
     * ({@code packed[block·PMR·kc + p·PMR + r]}), blocks as {@link #blockRows} cuts them; the rows a block lacks for
     * the kernel that reads it are zeros.
     */
    private static void packA(int m, int kc, float[] a, int aOff, int ars, int acs, float[] packed) {
        for (int i0 = 0, rows, slot = 0; i0 < m; i0 += rows, slot += PMR * kc) {
            rows = blockRows(m, i0);
            if (ars == 1 && L >= PMR) {
                // Aᵀ stored: a block's values for one p are adjacent, one vector; the lanes past PMR land where the
                // next p (or block) is written next, or in the spare slot after the last block
                VectorMask<Float> take = S.indexInRange(0, rows);
                for (int p = 0, from = aOff + i0, to = slot; p < kc; p++, from += acs, to += PMR) {
                    FloatVector.fromArray(S, a, from, take).intoArray(packed, to);
                }
                continue;
            }
            int p0 = 0;
            if (acs == 1 && L == 16 && (rows == PMR || rows == SHORT_ROWS) && i0 + L <= m) {
                // row-major A with 16 rows left: square tiles transposed in registers, PMR apart; the rows past the
                // block land in lanes the kernel does not read or that the next store overwrites
                for (; p0 + L <= kc; p0 += L) {
                    transposeTile16(a, aOff + i0 * ars + p0, ars, packed, slot + p0 * PMR, PMR);
                }
            }
            for (int r = 0; r < kernelRows(rows); r++) {
                int to = slot + r;
                if (r < rows) {
                    // along a row of A (contiguous when A is row-major), PMR apart in the micro-panel
                    for (int p = p0, from = aOff + (i0 + r) * ars + p0 * acs; p < kc; p++, from += acs) {
                        packed[to + p * PMR] = a[from];
                    }
                } else {
                    for (int p = p0; p < kc; p++) {
                        packed[to + p * PMR] = 0f;
                    }
                }
            }
        }
    }

    /**
     * {@value #PMR} rows of packed A times a panel of B {@value #PNR} wide, k-major; a block of at most
     * {@value #SHORT_ROWS} rows skips the last four (a branch taken the same way at every step of k).
     */
    private static void kernelPacked(int kc, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int ldc,
                                     int rows, int w, float keep, boolean overwrite, float[] tile) {
        boolean twelve = kernelRows(rows) == PMR;
        // rows 10 and 11 are a and b
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00, c80 = c00, c81 = c00;
        FloatVector c90 = c00, c91 = c00, ca0 = c00, ca1 = c00, cb0 = c00, cb1 = c00;
        for (int p = 0; p < kc; p++) {
            int ai = aOff + p * PMR;
            int bi = bOff + p * PNR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ai + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ai + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            if (twelve) {
                x = FloatVector.broadcast(S, a[ai + 8]);
                c80 = x.fma(b0, c80);
                c81 = x.fma(b1, c81);
                x = FloatVector.broadcast(S, a[ai + 9]);
                c90 = x.fma(b0, c90);
                c91 = x.fma(b1, c91);
                x = FloatVector.broadcast(S, a[ai + 10]);
                ca0 = x.fma(b0, ca0);
                ca1 = x.fma(b1, ca1);
                x = FloatVector.broadcast(S, a[ai + 11]);
                cb0 = x.fma(b0, cb0);
                cb1 = x.fma(b1, cb1);
            }
        }
        boolean whole = w == PNR && rows == kernelRows(rows);
        float[] out = whole ? c : tile;
        int ld = whole ? ldc : PNR;
        int r = whole ? cOff : 0;
        if (overwrite || !whole) {
            c00.intoArray(out, r);
            c01.intoArray(out, r + L);
            r += ld;
            c10.intoArray(out, r);
            c11.intoArray(out, r + L);
            r += ld;
            c20.intoArray(out, r);
            c21.intoArray(out, r + L);
            r += ld;
            c30.intoArray(out, r);
            c31.intoArray(out, r + L);
            r += ld;
            c40.intoArray(out, r);
            c41.intoArray(out, r + L);
            r += ld;
            c50.intoArray(out, r);
            c51.intoArray(out, r + L);
            r += ld;
            c60.intoArray(out, r);
            c61.intoArray(out, r + L);
            r += ld;
            c70.intoArray(out, r);
            c71.intoArray(out, r + L);
            if (twelve) {
                r += ld;
                c80.intoArray(out, r);
                c81.intoArray(out, r + L);
                r += ld;
                c90.intoArray(out, r);
                c91.intoArray(out, r + L);
                r += ld;
                ca0.intoArray(out, r);
                ca1.intoArray(out, r + L);
                r += ld;
                cb0.intoArray(out, r);
                cb1.intoArray(out, r + L);
            }
        } else {
            c00.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            c01.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            r += ld;
            c10.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            c11.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            r += ld;
            c20.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            c21.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            r += ld;
            c30.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            c31.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            r += ld;
            c40.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            c41.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            r += ld;
            c50.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            c51.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            r += ld;
            c60.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            c61.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            r += ld;
            c70.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            c71.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            if (twelve) {
                r += ld;
                c80.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
                c81.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
                r += ld;
                c90.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
                c91.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
                r += ld;
                ca0.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
                ca1.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
                r += ld;
                cb0.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
                cb1.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            }
        }
        if (!whole) {
            merge(rows, w, tile, PNR, c, cOff, ldc, keep, overwrite);
        }
    }

    /** {@value #MR} rows of A read in place through its two strides, times a panel of B {@value #NR} wide. */
    private static void kernel6(int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bs,
                                float[] c, int cOff, int ldc, int w, float keep, boolean overwrite, float[] tile) {
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
        boolean whole = w == NR;
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
            merge(MR, w, tile, NR, c, cOff, ldc, keep, overwrite);
        }
    }

    /**
     * One or two rows of A (the second {@code ars} after the first; one row is read twice and the copy dropped) times
     * a panel of B {@value #NR} wide: eight chains of multiply-adds, where one row's four waited on their latency.
     */
    private static void kernel2(int kc, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int bs,
                                float[] c, int cOff, int ldc, int w, int rows, float keep, boolean overwrite,
                                float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, d0 = c0, d1 = c0, d2 = c0, d3 = c0;
        int a0 = aOff;
        int a1 = aOff + (rows - 1) * ars;
        int bi = bOff;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0]);
            c0 = x.fma(b0, c0);
            c1 = x.fma(b1, c1);
            c2 = x.fma(b2, c2);
            c3 = x.fma(b3, c3);
            x = FloatVector.broadcast(S, a[a1]);
            d0 = x.fma(b0, d0);
            d1 = x.fma(b1, d1);
            d2 = x.fma(b2, d2);
            d3 = x.fma(b3, d3);
            a0 += acs;
            a1 += acs;
            bi += bs;
        }
        boolean whole = w == NR && rows == 2;
        float[] out = whole ? c : tile;
        int ld = whole ? ldc : NR;
        int r = whole ? cOff : 0;
        if (overwrite || !whole) {
            c0.intoArray(out, r);
            c1.intoArray(out, r + L);
            c2.intoArray(out, r + 2 * L);
            c3.intoArray(out, r + 3 * L);
            r += ld;
            d0.intoArray(out, r);
            d1.intoArray(out, r + L);
            d2.intoArray(out, r + 2 * L);
            d3.intoArray(out, r + 3 * L);
        } else {
            c0.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            c1.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            c2.add(FloatVector.fromArray(S, out, r + 2 * L).mul(keep)).intoArray(out, r + 2 * L);
            c3.add(FloatVector.fromArray(S, out, r + 3 * L).mul(keep)).intoArray(out, r + 3 * L);
            r += ld;
            d0.add(FloatVector.fromArray(S, out, r).mul(keep)).intoArray(out, r);
            d1.add(FloatVector.fromArray(S, out, r + L).mul(keep)).intoArray(out, r + L);
            d2.add(FloatVector.fromArray(S, out, r + 2 * L).mul(keep)).intoArray(out, r + 2 * L);
            d3.add(FloatVector.fromArray(S, out, r + 3 * L).mul(keep)).intoArray(out, r + 3 * L);
        }
        if (!whole) {
            merge(rows, w, tile, NR, c, cOff, ldc, keep, overwrite);
        }
    }

    /** Moves the first w columns of {@code rows} rows of a tile (rows {@code ldt} apart) into C. */
    private static void merge(int rows, int w, float[] tile, int ldt, float[] c, int cOff, int ldc, float keep,
                              boolean overwrite) {
        for (int j = 0; j < w; j += L) {
            VectorMask<Float> columns = S.indexInRange(j, w);
            for (int r = 0; r < rows; r++) {
                int at = cOff + r * ldc + j;
                int from = r * ldt + j;
                if (at + L > c.length) {
                    // a masked access reaching past the array takes a slow path that allocates
                    for (int e = 0; e < Math.min(L, w - j); e++) {
                        c[at + e] = overwrite ? tile[from + e] : tile[from + e] + keep * c[at + e];
                    }
                    continue;
                }
                FloatVector sum = FloatVector.fromArray(S, tile, from);
                if (!overwrite) {
                    sum = sum.add(FloatVector.fromArray(S, c, at, columns).mul(keep));
                }
                sum.intoArray(c, at, columns);
            }
        }
    }

    /**
     * A product with at most one vector of columns (the output layer): B's columns padded into a panel
     * one vector wide, and blocks of {@value #NARROW_ROWS} rows of A read in place (packing A would cost
     * as much as the product), so that twelve fused multiply-adds share each load of B.
     */
    private static void narrow(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float beta, float[] c, int cOff, int ldc) {
        Scratch scratch = SCRATCH.get();
        float[] panel = scratch.panel;
        for (int pc = 0, depth = blockDepth(k); pc < k; pc += depth) {
            int kc = Math.min(depth, k - pc);
            boolean first = pc == 0;
            float keep = first ? beta : 1f;
            boolean overwrite = first && beta == 0f;
            padRows(b, bOff + pc * ldb, ldb, kc, n, panel, 0, L);
            for (int i = 0, rows; i < m; i += rows) {
                rows = blockRows(m, i);
                kernelNarrow(kc, a, aOff + i * lda + pc, lda, panel, c, cOff + i * ldc, ldc, rows, n, keep, overwrite,
                        scratch.tile);
            }
        }
    }

    /**
     * Twelve rows of A, or eight ({@link #blockRows}; row r at {@code aOff + r·lda}), times a one-vector panel of B.
     */
    private static void kernelNarrow(int kc, float[] a, int aOff, int lda, float[] b, float[] c, int cOff, int ldc,
                                     int rows, int w, float keep, boolean overwrite, float[] tile) {
        // a last, partial block repeats its last row rather than read past A; merge drops the copies
        int last = rows - 1;
        boolean twelve = rows > SHORT_ROWS; // else rows 8–11 are left out: the last 16 rows go as two blocks of 8
        int o0 = aOff, o1 = aOff + Math.min(1, last) * lda, o2 = aOff + Math.min(2, last) * lda;
        int o3 = aOff + Math.min(3, last) * lda, o4 = aOff + Math.min(4, last) * lda;
        int o5 = aOff + Math.min(5, last) * lda, o6 = aOff + Math.min(6, last) * lda;
        int o7 = aOff + Math.min(7, last) * lda, o8 = aOff + Math.min(8, last) * lda;
        int o9 = aOff + Math.min(9, last) * lda, o10 = aOff + Math.min(10, last) * lda;
        int o11 = aOff + Math.min(11, last) * lda;
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        FloatVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        // two steps of p per pass: each row's offset serves both broadcasts, where one step a pass computed
        // twelve addresses for twelve multiply-adds and ran at half the FMA rate; each sum still goes in p order
        int p = 0;
        for (; p < kc - 1; p += 2) {
            FloatVector y = FloatVector.fromArray(S, b, p * L);
            FloatVector z = FloatVector.fromArray(S, b, (p + 1) * L);
            c0 = FloatVector.broadcast(S, a[o0 + p]).fma(y, c0);
            c1 = FloatVector.broadcast(S, a[o1 + p]).fma(y, c1);
            c2 = FloatVector.broadcast(S, a[o2 + p]).fma(y, c2);
            c3 = FloatVector.broadcast(S, a[o3 + p]).fma(y, c3);
            c4 = FloatVector.broadcast(S, a[o4 + p]).fma(y, c4);
            c5 = FloatVector.broadcast(S, a[o5 + p]).fma(y, c5);
            c6 = FloatVector.broadcast(S, a[o6 + p]).fma(y, c6);
            c7 = FloatVector.broadcast(S, a[o7 + p]).fma(y, c7);
            if (twelve) {
                c8 = FloatVector.broadcast(S, a[o8 + p]).fma(y, c8);
                c9 = FloatVector.broadcast(S, a[o9 + p]).fma(y, c9);
                c10 = FloatVector.broadcast(S, a[o10 + p]).fma(y, c10);
                c11 = FloatVector.broadcast(S, a[o11 + p]).fma(y, c11);
            }
            c0 = FloatVector.broadcast(S, a[o0 + p + 1]).fma(z, c0);
            c1 = FloatVector.broadcast(S, a[o1 + p + 1]).fma(z, c1);
            c2 = FloatVector.broadcast(S, a[o2 + p + 1]).fma(z, c2);
            c3 = FloatVector.broadcast(S, a[o3 + p + 1]).fma(z, c3);
            c4 = FloatVector.broadcast(S, a[o4 + p + 1]).fma(z, c4);
            c5 = FloatVector.broadcast(S, a[o5 + p + 1]).fma(z, c5);
            c6 = FloatVector.broadcast(S, a[o6 + p + 1]).fma(z, c6);
            c7 = FloatVector.broadcast(S, a[o7 + p + 1]).fma(z, c7);
            if (twelve) {
                c8 = FloatVector.broadcast(S, a[o8 + p + 1]).fma(z, c8);
                c9 = FloatVector.broadcast(S, a[o9 + p + 1]).fma(z, c9);
                c10 = FloatVector.broadcast(S, a[o10 + p + 1]).fma(z, c10);
                c11 = FloatVector.broadcast(S, a[o11 + p + 1]).fma(z, c11);
            }
        }
        if (p < kc) {
            FloatVector y = FloatVector.fromArray(S, b, p * L);
            c0 = FloatVector.broadcast(S, a[o0 + p]).fma(y, c0);
            c1 = FloatVector.broadcast(S, a[o1 + p]).fma(y, c1);
            c2 = FloatVector.broadcast(S, a[o2 + p]).fma(y, c2);
            c3 = FloatVector.broadcast(S, a[o3 + p]).fma(y, c3);
            c4 = FloatVector.broadcast(S, a[o4 + p]).fma(y, c4);
            c5 = FloatVector.broadcast(S, a[o5 + p]).fma(y, c5);
            c6 = FloatVector.broadcast(S, a[o6 + p]).fma(y, c6);
            c7 = FloatVector.broadcast(S, a[o7 + p]).fma(y, c7);
            if (twelve) {
                c8 = FloatVector.broadcast(S, a[o8 + p]).fma(y, c8);
                c9 = FloatVector.broadcast(S, a[o9 + p]).fma(y, c9);
                c10 = FloatVector.broadcast(S, a[o10 + p]).fma(y, c10);
                c11 = FloatVector.broadcast(S, a[o11 + p]).fma(y, c11);
            }
        }
        // rows land in a tile one vector wide, then their first w columns move into C
        c0.intoArray(tile, 0);
        c1.intoArray(tile, L);
        c2.intoArray(tile, 2 * L);
        c3.intoArray(tile, 3 * L);
        c4.intoArray(tile, 4 * L);
        c5.intoArray(tile, 5 * L);
        c6.intoArray(tile, 6 * L);
        c7.intoArray(tile, 7 * L);
        c8.intoArray(tile, 8 * L);
        c9.intoArray(tile, 9 * L);
        c10.intoArray(tile, 10 * L);
        c11.intoArray(tile, 11 * L);
        merge(rows, w, tile, L, c, cOff, ldc, keep, overwrite);
    }

    /**
     * Copies {@code rows} rows of w columns (rows {@code ld} apart) into a panel {@code width} columns
     * wide at {@code panel[pOff]}, zero-padded: masked vector loads, where a copy and a fill per row cost more than the
     * product for narrow panels.
     */
    private static void padRows(float[] b, int bOff, int ld, int rows, int w, float[] panel, int pOff, int width) {
        if (w == width) {
            // by vectors: a panel's rows are a few vectors long, where a call to arraycopy costs more than the copy
            for (int p = 0; p < rows; p++) {
                for (int v = 0; v < width; v += L) {
                    FloatVector.fromArray(S, b, bOff + p * ld + v).intoArray(panel, pOff + p * width + v);
                }
            }
            return;
        }
        // a masked load reaching past the array takes a slow path that allocates: the last rows are copied
        int inside = rows;
        while (inside > 0 && bOff + (inside - 1) * ld + width > b.length) {
            inside--;
        }
        FloatVector zero = FloatVector.zero(S);
        for (int v = 0; v < width; v += L) {
            VectorMask<Float> columns = S.indexInRange(v, w); // one mask a column of vectors, not one a row
            for (int p = 0; p < inside; p++) {
                FloatVector part = v < w ? FloatVector.fromArray(S, b, bOff + p * ld + v, columns) : zero;
                part.intoArray(panel, pOff + p * width + v);
            }
        }
        for (int p = inside; p < rows; p++) {
            int to = pOff + p * width;
            System.arraycopy(b, bOff + p * ld, panel, to, w);
            java.util.Arrays.fill(panel, to + w, to + width, 0f);
        }
    }

    /** Zeros columns w.. of the first {@code rows} rows of a panel {@code width} wide at {@code panel[pOff]}. */
    private static void padColumns(int rows, int w, float[] panel, int pOff, int width) {
        if (w < width) {
            for (int p = 0; p < rows; p++) {
                java.util.Arrays.fill(panel, pOff + p * width + w, pOff + (p + 1) * width, 0f);
            }
        }
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
