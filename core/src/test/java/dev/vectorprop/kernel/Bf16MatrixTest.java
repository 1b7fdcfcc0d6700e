package dev.vectorprop.kernel;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Bf16MatrixTest {
    private static float[] weights(SplittableRandom r, int size) {
        float[] w = new float[size];
        for (int i = 0; i < size; i++) {
            // magnitudes over many binades, both signs
            w[i] = (float) (r.nextGaussian() * Math.pow(2, r.nextInt(-30, 30)));
        }
        return w;
    }

    @Test
    void everyWeightIsWithinBf16sUnitRoundoff() {
        SplittableRandom r = new SplittableRandom(1);
        int rows = 37, columns = 75;
        float[] w = weights(r, rows * columns);
        Bf16Matrix m = Bf16Matrix.of(rows, columns, w, 0, columns);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                float original = w[i * columns + j];
                double error = Math.abs(m.get(i, j) - (double) original);
                assertTrue(error <= 0x1.0p-8 * Math.abs(original), "(" + i + ", " + j + "): " + original + " → "
                        + m.get(i, j));
            }
        }
    }

    @Test
    void wordsPairColumnsSixteenApartInGroupsOfThirtyTwo() {
        SplittableRandom r = new SplittableRandom(2);
        int rows = 3, columns = 45, ld = 50;
        float[] w = weights(r, 7 + rows * ld);
        Bf16Matrix m = Bf16Matrix.of(rows, columns, w, 7, ld);
        assertEquals(32, m.wordsPerRow());
        for (int i = 0; i < rows; i++) {
            for (int word = 0; word < m.wordsPerRow(); word++) {
                int bits = m.words()[i * m.wordsPerRow() + word];
                int high = word / 16 * 32 + word % 16;
                assertEquals(high < columns ? m.get(i, high) : 0f, Bf16Matrix.high(bits), "high of word " + word);
                assertEquals(high + 16 < columns ? m.get(i, high + 16) : 0f, Bf16Matrix.low(bits), "low of word " + word);
            }
        }
    }

    @Test
    void bf16ValuesZerosAndExtremesSurvive() {
        float[] w = {1f, -0.5f, 0f, 3.0517578e-5f, Float.MAX_VALUE, -Float.MAX_VALUE, 0x1.0p-120f, 1.5f};
        Bf16Matrix m = Bf16Matrix.of(1, w.length, w, 0, w.length);
        // every low weight is zero (8 columns), so each high weight is rounded to bfloat16 exactly
        for (int j = 0; j < w.length; j++) {
            float expected = Float.intBitsToFloat(Bf16Matrix.roundToBf16(w[j]));
            assertEquals(expected, m.get(0, j), "column " + j);
            assertTrue(Float.isFinite(m.get(0, j)));
        }
        assertEquals(1f, m.get(0, 0));
        assertEquals(0f, m.get(0, 2));
    }

    @Test
    void aZeroPairedWithANonzeroWeightIsTinyButNeverSubnormal() {
        float[] w = new float[32];
        w[0] = 0f;
        w[16] = 0.3f;
        w[1] = -1e-40f;
        w[17] = -2f;
        Bf16Matrix m = Bf16Matrix.of(1, 32, w, 0, 32);
        for (int j : new int[] {0, 1}) {
            float v = m.get(0, j);
            assertTrue(Math.abs(v) >= Float.MIN_NORMAL && Math.abs(v) < 2 * Float.MIN_NORMAL, "column " + j + ": " + v);
        }
        assertEquals(Float.intBitsToFloat(Bf16Matrix.roundToBf16(0.3f)), m.get(0, 16));
        assertEquals(-2f, m.get(0, 17));
        // a low weight of −0 is zero: the high weight stays exactly zero
        float[] negativeZero = new float[32];
        negativeZero[16] = -0f;
        assertEquals(0f, Bf16Matrix.of(1, 32, negativeZero, 0, 32).get(0, 0));
    }

    @Test
    void badInputIsNamed() {
        float[] w = new float[12];
        w[7] = Float.NaN;
        var e = assertThrows(IllegalArgumentException.class, () -> Bf16Matrix.of(3, 4, w, 0, 4));
        assertEquals("weight (1, 3) is NaN", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Bf16Matrix.of(0, 4, w, 0, 4));
        assertEquals("rows 3 apart cannot hold 4 columns",
                assertThrows(IllegalArgumentException.class, () -> Bf16Matrix.of(3, 4, new float[12], 0, 3)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Bf16Matrix.of(3, 4, new float[12], 0, 4).get(0, 4));
    }

    /** The scalar product by the packed weights is the scalar GEMM on their values, bit for bit. */
    @Test
    void scalarProductIsGemmOnTheDecodedWeights() {
        SplittableRandom r = new SplittableRandom(3);
        Kernels k = Kernels.scalar();
        for (int rows : new int[] {1, 5, 40}) {
            for (int columns : new int[] {1, 10, 31, 32, 33, 100}) {
                float[] w = weights(r, rows * columns);
                Bf16Matrix m = Bf16Matrix.of(rows, columns, w, 0, columns);
                float[] decoded = new float[rows * columns];
                m.decodeInto(decoded, 0, columns);
                float[] x = new float[2 + rows];
                for (int p = 0; p < rows; p++) {
                    x[2 + p] = r.nextBoolean() ? 0f : (float) r.nextGaussian();
                }
                float[] expected = new float[columns];
                k.gemm(1, columns, rows, x, 2, rows, decoded, 0, columns, 0f, expected, 0, columns);
                float[] got = new float[3 + columns];
                Arrays.fill(got, Float.NaN);
                k.gemvBf16(m, x, 2, got, 3);
                assertEquals(Arrays.toString(expected), Arrays.toString(Arrays.copyOfRange(got, 3, 3 + columns)),
                        rows + "×" + columns);
            }
        }
    }
}
