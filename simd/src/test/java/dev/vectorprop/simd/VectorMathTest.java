package dev.vectorprop.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The accuracy of the vector exp, tanh and log the kernels use, against {@link Math} in double, and the
 * limits of sigmoid, tanh and softmax at infinities.
 */
class VectorMathTest {
    private static final float BOUND = 1e-6f;

    /** The largest relative error over floats from {@code from} to {@code to}, stepping by a relative 2⁻¹². */
    private static double maxRelativeError(VectorOperators.Unary op, DoubleUnaryOperator reference, float from,
                                           float to) {
        int lanes = Lanes.LENGTH;
        float[] x = new float[lanes];
        float[] y = new float[lanes];
        double worst = 0;
        float value = from;
        while (value < to) {
            for (int i = 0; i < lanes; i++) {
                x[i] = value;
                float step = Math.max(Math.abs(value) * 0x1.0p-12f, 1e-6f);
                value = Math.min(to, value + step);
            }
            FloatVector.fromArray(Lanes.SPECIES, x, 0).lanewise(op).intoArray(y, 0);
            for (int i = 0; i < lanes; i++) {
                double exact = reference.applyAsDouble(x[i]);
                if (exact != 0) {
                    worst = Math.max(worst, Math.abs(y[i] - exact) / Math.abs(exact));
                }
            }
        }
        return worst;
    }

    @Test
    void expTanhAndLogAreWithinOneMillionthRelative() {
        double exp = maxRelativeError(VectorOperators.EXP, Math::exp, -87f, 88f);
        double tanh = maxRelativeError(VectorOperators.TANH, Math::tanh, -20f, 20f);
        double log = maxRelativeError(VectorOperators.LOG, Math::log, 1e-7f, 1e7f);
        System.out.printf("vector math, max relative error against Math in double: exp %.3g, tanh %.3g, log %.3g%n",
                exp, tanh, log);
        assertTrue(exp < BOUND, "exp " + exp);
        assertTrue(tanh < BOUND, "tanh " + tanh);
        assertTrue(log < BOUND, "log " + log);
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
        VectorKernels.INSTANCE.sigmoid(z, 0, s, 0, n);
        VectorKernels.INSTANCE.tanh(z, 0, t, 0, n);
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
