package dev.vectorprop.simd;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link VectorMath}'s exp, log, log1p and tanh against {@link Math} in double, and the limits of sigmoid,
 * tanh and softmax at infinities.
 */
class VectorMathTest {
    private static final double BOUND = 1e-6;

    /** The largest relative error over floats from {@code from} to {@code to}, stepping by a relative 2⁻¹². */
    private static double maxRelativeError(UnaryOperator<FloatVector> op, DoubleUnaryOperator reference, float from,
                                           float to) {
        int lanes = Lanes.LENGTH;
        float[] x = new float[lanes];
        float[] y = new float[lanes];
        double worst = 0;
        float value = from;
        while (value < to) {
            for (int i = 0; i < lanes; i++) {
                x[i] = value;
                value = Math.min(to, value + Math.max(Math.abs(value) * 0x1.0p-12f, 1e-7f));
            }
            op.apply(FloatVector.fromArray(Lanes.SPECIES, x, 0)).intoArray(y, 0);
            for (int i = 0; i < lanes; i++) {
                double exact = reference.applyAsDouble(x[i]);
                if (exact != 0 && Math.abs(exact) >= Float.MIN_NORMAL) {
                    worst = Math.max(worst, Math.abs(y[i] - exact) / Math.abs(exact));
                }
            }
        }
        return worst;
    }

    @Test
    void withinOneMillionthRelative() {
        double exp = maxRelativeError(VectorMath::exp, Math::exp, -87f, 88.7f);
        double log = maxRelativeError(VectorMath::log, Math::log, 1e-7f, 1e7f);
        double log1p = maxRelativeError(VectorMath::log1p, Math::log1p, -0.999f, 1e6f);
        double tanh = maxRelativeError(VectorMath::tanh, Math::tanh, -20f, 20f);
        System.out.printf("vector math, max relative error against Math in double: exp %.3g, log %.3g, "
                + "log1p %.3g, tanh %.3g%n", exp, log, log1p, tanh);
        assertTrue(exp < BOUND, "exp " + exp);
        assertTrue(log < BOUND, "log " + log);
        assertTrue(log1p < BOUND, "log1p " + log1p);
        assertTrue(tanh < BOUND, "tanh " + tanh);
    }

    @Test
    void specialValues() {
        float[] x = new float[Lanes.LENGTH];
        float[] in = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 0f, 200f, -200f, -1e-30f, 1e-30f};
        for (int i = 0; i < x.length; i++) {
            x[i] = in[i % in.length];
        }
        float[] e = new float[x.length];
        float[] t = new float[x.length];
        VectorMath.exp(FloatVector.fromArray(Lanes.SPECIES, x, 0)).intoArray(e, 0);
        VectorMath.tanh(FloatVector.fromArray(Lanes.SPECIES, x, 0)).intoArray(t, 0);
        for (int i = 0; i < x.length; i++) {
            assertNear((float) Math.exp(x[i]), e[i], "exp(" + x[i] + ")");
            assertNear((float) Math.tanh(x[i]), t[i], "tanh(" + x[i] + ")");
        }
    }

    /** Equal bits for NaN and infinities, else within one ulp (or 1e−30 near zero). */
    private static void assertNear(float expected, float actual, String what) {
        if (Float.isNaN(expected) || Float.isInfinite(expected)) {
            assertEquals(expected, actual, what);
        } else {
            assertEquals(expected, actual, 1e-30f + Math.ulp(expected), what);
        }
    }

    @Test
    void limitsAtInfinity() {
        int n = Lanes.LENGTH;
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = i % 3 == 0 ? Float.POSITIVE_INFINITY : i % 3 == 1 ? Float.NEGATIVE_INFINITY : 1000f * (i - n / 2);
        }
        float[] s = new float[n];
        float[] t = new float[n];
        VectorKernels.INSTANCE.sigmoid(n, z, 0, s, 0);
        VectorKernels.INSTANCE.tanh(n, z, 0, t, 0);
        for (int i = 0; i < n; i++) {
            float expected = z[i] > 0 ? 1f : z[i] < 0 ? 0f : 0.5f;
            assertEquals(expected, s[i], "sigmoid(" + z[i] + ")");
            assertEquals(Math.signum(z[i]), t[i], "tanh(" + z[i] + ")");
        }
        float[] logits = new float[n];
        logits[3] = Float.NEGATIVE_INFINITY;
        logits[5] = 2f;
        float[] p = new float[n];
        VectorKernels.INSTANCE.softmaxRows(1, n, logits, 0, p, 0);
        assertEquals(0f, p[3], "a −∞ logit has probability 0");
        double total = 0;
        for (float v : p) {
            assertTrue(Float.isFinite(v));
            total += v;
        }
        assertEquals(1.0, total, 1e-6);
        float[] same = p.clone();
        VectorKernels.INSTANCE.softmaxRows(1, n, logits, 0, same, 0);
        assertArrayEquals(p, same);
    }
}
