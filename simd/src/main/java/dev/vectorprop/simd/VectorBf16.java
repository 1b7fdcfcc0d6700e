package dev.vectorprop.simd;

import dev.vectorprop.kernel.Bf16Matrix;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One row times a {@link Bf16Matrix}: the latency path of prediction, bound by reading the weights, which
 * this reads at 16 bits each. Each vector of words gives two vectors of weights: the words themselves
 * read as floats (the high weights) and the words shifted left by 16 (the low weights), so a step costs
 * one load, one shift and two fused multiply-adds. Rows of W whose x is zero (ReLU's zeros, blank
 * pixels) are skipped: neither read nor multiplied.
 *
 * <p>Each element of c is summed as {@link VectorGemm} sums a one-row product: k ascending, from zero
 * within each block of {@value VectorGemm#KC} rows, the blocks added in turn, zeros skipped alike.
 */
final class VectorBf16 {
    /** The kernels' species, but at most the 16 lanes of a word group (the layout assumes L divides 16). */
    private static final VectorSpecies<Float> S = Lanes.LENGTH > Bf16Matrix.HALF ? FloatVector.SPECIES_512
            : Lanes.SPECIES;
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);
    private static final int L = S.length();
    private static final int HALF = Bf16Matrix.HALF;
    private static final int GROUP = Bf16Matrix.GROUP;
    /** Words per step of the wide kernel: 8 vectors, 16 accumulators, enough loads in flight to stream W. */
    private static final int WIDE_WORDS = 8 * L;
    /** Per thread, a vector's worth of a partial store. */
    private static final ThreadLocal<float[]> PARTIAL = ThreadLocal.withInitial(() -> new float[L]);

    private VectorBf16() {
    }

    static void gemv(Bf16Matrix w, float[] x, int xOff, float[] c, int cOff) {
        int n = w.columns();
        Nonzeros nonzeros = Nonzeros.of(x, xOff, 1, w.rows());
        int[] nonzero = nonzeros.indices;
        float[] partial = PARTIAL.get();
        int[] words = w.words();
        int wordsPerRow = w.wordsPerRow();
        // the wide kernel takes groups whose 32 columns all exist; the rest a vector of words at a time
        int fullWords = n / GROUP * HALF;
        int wide = fullWords - fullWords % WIDE_WORDS;
        for (int block = 0; block < Nonzeros.blocks(w.rows()); block++) {
            int from = nonzeros.from(block);
            int to = nonzeros.to(block);
            boolean first = block == 0;
            if (from == to) {
                Nonzeros.addNothing(c, cOff, n, 1f, first);
                continue;
            }
            for (int w0 = 0; w0 < wide; w0 += WIDE_WORDS) {
                kernelWide(words, wordsPerRow, w0, x, xOff, nonzero, from, to, c, cOff, first);
            }
            for (int w0 = wide; w0 < wordsPerRow; w0 += L) {
                kernelOne(words, wordsPerRow, w0, x, xOff, nonzero, from, to, c, cOff, n, first, partial);
            }
        }
    }

    private static void kernelOne(int[] words, int wordsPerRow, int w0, float[] x, int xOff, int[] nonzero,
                                  int from, int to, float[] c, int cOff, int n, boolean first, float[] partial) {
        FloatVector high = FloatVector.zero(S);
        FloatVector low = high;
        for (int t = from; t < to; t++) {
            int p = nonzero[t];
            FloatVector xp = FloatVector.broadcast(S, x[xOff + p]);
            IntVector v = IntVector.fromArray(I, words, p * wordsPerRow + w0);
            high = xp.fma(v.reinterpretAsFloats(), high);
            low = xp.fma(v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), low);
        }
        int column = Bf16Matrix.highColumn(w0);
        store(high, c, cOff, column, n, first, partial);
        store(low, c, cOff, column + HALF, n, first, partial);
    }

    /**
     * Writes (first block) or adds the sums for columns {@code column..column+L)} of c, those past n
     * through a scratch vector: a masked store reaching past c's end would take a path that allocates.
     */
    private static void store(FloatVector sums, float[] c, int cOff, int column, int n, boolean first,
                              float[] partial) {
        int valid = Math.min(L, n - column);
        if (valid <= 0) {
            return;
        }
        int at = cOff + column;
        if (valid == L) {
            (first ? sums : sums.add(FloatVector.fromArray(S, c, at))).intoArray(c, at);
            return;
        }
        sums.intoArray(partial, 0);
        for (int j = 0; j < valid; j++) {
            c[at + j] = first ? partial[j] : partial[j] + c[at + j];
        }
    }

    private static void kernelWide(int[] words, int wordsPerRow, int w0, float[] x, int xOff, int[] nonzero,
                                   int from, int to, float[] c, int cOff, boolean first) {
        FloatVector h0 = FloatVector.zero(S), h1 = h0, h2 = h0, h3 = h0, h4 = h0, h5 = h0, h6 = h0, h7 = h0;
        FloatVector l0 = h0, l1 = h0, l2 = h0, l3 = h0, l4 = h0, l5 = h0, l6 = h0, l7 = h0;
        for (int t = from; t < to; t++) {
            int p = nonzero[t];
            FloatVector xp = FloatVector.broadcast(S, x[xOff + p]);
            int at = p * wordsPerRow + w0;
            IntVector v0 = IntVector.fromArray(I, words, at);
            IntVector v1 = IntVector.fromArray(I, words, at + L);
            IntVector v2 = IntVector.fromArray(I, words, at + 2 * L);
            IntVector v3 = IntVector.fromArray(I, words, at + 3 * L);
            IntVector v4 = IntVector.fromArray(I, words, at + 4 * L);
            IntVector v5 = IntVector.fromArray(I, words, at + 5 * L);
            IntVector v6 = IntVector.fromArray(I, words, at + 6 * L);
            IntVector v7 = IntVector.fromArray(I, words, at + 7 * L);
            h0 = xp.fma(v0.reinterpretAsFloats(), h0);
            l0 = xp.fma(v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), l0);
            h1 = xp.fma(v1.reinterpretAsFloats(), h1);
            l1 = xp.fma(v1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), l1);
            h2 = xp.fma(v2.reinterpretAsFloats(), h2);
            l2 = xp.fma(v2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), l2);
            h3 = xp.fma(v3.reinterpretAsFloats(), h3);
            l3 = xp.fma(v3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), l3);
            h4 = xp.fma(v4.reinterpretAsFloats(), h4);
            l4 = xp.fma(v4.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), l4);
            h5 = xp.fma(v5.reinterpretAsFloats(), h5);
            l5 = xp.fma(v5.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), l5);
            h6 = xp.fma(v6.reinterpretAsFloats(), h6);
            l6 = xp.fma(v6.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), l6);
            h7 = xp.fma(v7.reinterpretAsFloats(), h7);
            l7 = xp.fma(v7.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), l7);
        }
        // stores written out: a helper taking vectors is too large to inline here, and boxing them is slow
        int at = cOff + Bf16Matrix.highColumn(w0);
        if (first) {
            h0.intoArray(c, at + offset(0));
            l0.intoArray(c, at + offset(0) + HALF);
            h1.intoArray(c, at + offset(1));
            l1.intoArray(c, at + offset(1) + HALF);
            h2.intoArray(c, at + offset(2));
            l2.intoArray(c, at + offset(2) + HALF);
            h3.intoArray(c, at + offset(3));
            l3.intoArray(c, at + offset(3) + HALF);
            h4.intoArray(c, at + offset(4));
            l4.intoArray(c, at + offset(4) + HALF);
            h5.intoArray(c, at + offset(5));
            l5.intoArray(c, at + offset(5) + HALF);
            h6.intoArray(c, at + offset(6));
            l6.intoArray(c, at + offset(6) + HALF);
            h7.intoArray(c, at + offset(7));
            l7.intoArray(c, at + offset(7) + HALF);
        } else {
            h0.add(FloatVector.fromArray(S, c, at + offset(0))).intoArray(c, at + offset(0));
            l0.add(FloatVector.fromArray(S, c, at + offset(0) + HALF)).intoArray(c, at + offset(0) + HALF);
            h1.add(FloatVector.fromArray(S, c, at + offset(1))).intoArray(c, at + offset(1));
            l1.add(FloatVector.fromArray(S, c, at + offset(1) + HALF)).intoArray(c, at + offset(1) + HALF);
            h2.add(FloatVector.fromArray(S, c, at + offset(2))).intoArray(c, at + offset(2));
            l2.add(FloatVector.fromArray(S, c, at + offset(2) + HALF)).intoArray(c, at + offset(2) + HALF);
            h3.add(FloatVector.fromArray(S, c, at + offset(3))).intoArray(c, at + offset(3));
            l3.add(FloatVector.fromArray(S, c, at + offset(3) + HALF)).intoArray(c, at + offset(3) + HALF);
            h4.add(FloatVector.fromArray(S, c, at + offset(4))).intoArray(c, at + offset(4));
            l4.add(FloatVector.fromArray(S, c, at + offset(4) + HALF)).intoArray(c, at + offset(4) + HALF);
            h5.add(FloatVector.fromArray(S, c, at + offset(5))).intoArray(c, at + offset(5));
            l5.add(FloatVector.fromArray(S, c, at + offset(5) + HALF)).intoArray(c, at + offset(5) + HALF);
            h6.add(FloatVector.fromArray(S, c, at + offset(6))).intoArray(c, at + offset(6));
            l6.add(FloatVector.fromArray(S, c, at + offset(6) + HALF)).intoArray(c, at + offset(6) + HALF);
            h7.add(FloatVector.fromArray(S, c, at + offset(7))).intoArray(c, at + offset(7));
            l7.add(FloatVector.fromArray(S, c, at + offset(7) + HALF)).intoArray(c, at + offset(7) + HALF);
        }
    }

    /** Where the high weights of vector i of a wide step go, from the step's first column. */
    private static int offset(int i) {
        return Bf16Matrix.highColumn(i * L);
    }
}
