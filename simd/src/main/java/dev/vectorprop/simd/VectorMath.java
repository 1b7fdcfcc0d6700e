package dev.vectorprop.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, log, log1p and tanh on vectors, from multiplies, adds and bit operations only (Cephes' single
 * precision polynomials). Why not the JDK's lanewise EXP/LOG/TANH: compiled, they call SVML, but
 * interpreted or in C1 they fall back to {@link Math} lane by lane, so the same input could give
 * different bits before and after the JIT — and training would not be bit-reproducible. These give the
 * same bits in every tier. Measured against {@link Math} in double (see VectorMathTest), their largest
 * relative error is 7.6e−8 for exp, 7.8e−8 for log, 1.2e−7 for log1p and 1.3e−7 for tanh.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = Lanes.SPECIES;

    private static final float EXP_HIGH = 88.72283f;
    private static final float EXP_LOW = -103.97208f;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    /** Adding 1.5·2²³ rounds a float of magnitude below 2²² to an integer, kept in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final float SQRT_HALF = 0.707106781186547524f;
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[S.length()]);

    private VectorMath() {
    }

    /** This thread's buffer of one vector, for {@link #sum}. */
    static float[] lanes() {
        return LANES.get();
    }

    /**
     * The lanes of a vector written by {@code intoArray(lanes, 0)}, added one after another: a lane sum in
     * one fixed order. Not {@code reduceLanes(ADD)}: its order is unspecified and differs between the
     * interpreter and compiled code, which made a softmax, and so training, give other bits once the JIT
     * had compiled it. Callers store the vector themselves: a vector passed to a method the JIT does not
     * inline is boxed.
     */
    static float sum(float[] lanes) {
        float sum = 0f;
        for (float lane : lanes) {
            sum += lane;
        }
        return sum;
    }

    static FloatVector exp(FloatVector x) {
        FloatVector clamped = x.max(EXP_LOW).min(EXP_HIGH);
        FloatVector shifted = clamped.mul(LOG2E).add(ROUNDER);
        FloatVector n = shifted.sub(ROUNDER);
        // r = x − n·ln2, in two steps so r keeps its low bits
        FloatVector r = n.mul(-LN2_HIGH).add(clamped).add(n.mul(-LN2_LOW));
        FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f).mul(r).add(8.3334519073e-3f).mul(r)
                .add(4.1665795894e-2f).mul(r).add(1.6666665459e-1f).mul(r).add(5.0000001201e-1f).mul(r.mul(r))
                .add(r).add(1f);
        // 2ⁿ built in two halves, so that n down to −150 (subnormal results) stays exact
        IntVector k = shifted.reinterpretAsInts().sub(Float.floatToRawIntBits(ROUNDER));
        IntVector half = k.lanewise(VectorOperators.ASHR, 1);
        FloatVector scaleA = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector scaleB = k.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector result = p.mul(scaleA).mul(scaleB);
        // beyond the clamps: +∞ above, 0 below; NaN stays NaN
        result = result.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_HIGH));
        result = result.blend(0f, x.compare(VectorOperators.LT, EXP_LOW));
        return result.blend(x, x.test(VectorOperators.IS_NAN));
    }

    /** Natural logarithm of positive normal floats (vectorprop takes logs of values floored at 1e−7). */
    static FloatVector log(FloatVector x) {
        IntVector bits = x.reinterpretAsInts();
        IntVector exponent = bits.lanewise(VectorOperators.LSHR, 23).and(0xff).sub(126);
        FloatVector m = bits.and(0x807fffff).or(0x3f000000).reinterpretAsFloats(); // in [0.5, 1)
        VectorMask<Float> small = m.compare(VectorOperators.LT, SQRT_HALF);
        FloatVector e = ((FloatVector) exponent.convert(VectorOperators.I2F, 0))
                .sub(FloatVector.zero(S).blend(1f, small));
        m = m.add(FloatVector.zero(S).blend(m, small)).sub(1f);
        FloatVector z = m.mul(m);
        FloatVector y = m.mul(7.0376836292e-2f).add(-1.1514610310e-1f).mul(m).add(1.1676998740e-1f).mul(m)
                .add(-1.2420140846e-1f).mul(m).add(1.4249322787e-1f).mul(m).add(-1.6668057665e-1f).mul(m)
                .add(2.0000714765e-1f).mul(m).add(-2.4999993993e-1f).mul(m).add(3.3333331174e-1f).mul(m).mul(z);
        y = y.add(e.mul(LN2_LOW)).sub(z.mul(0.5f));
        FloatVector result = m.add(y).add(e.mul(LN2_HIGH));
        result = result.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        result = result.blend(Float.NaN, x.compare(VectorOperators.LT, 0f).or(x.test(VectorOperators.IS_NAN)));
        return result.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /** ln(1 + x) for x > −1, with the rounding of 1 + x corrected (Goldberg's trick). */
    static FloatVector log1p(FloatVector x) {
        FloatVector u = x.add(1f);
        FloatVector correction = u.sub(1f).sub(x).div(u);
        // where 1 + x rounds to exactly 1, ln(1 + x) ≈ x
        return log(u).sub(correction).blend(x, u.compare(VectorOperators.EQ, 1f));
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = x.mul(x);
        FloatVector near = z.mul(-5.70498872745e-3f).add(2.06390887954e-2f).mul(z).add(-5.37397155531e-2f).mul(z)
                .add(1.33314422036e-1f).mul(z).add(-3.33332819422e-1f).mul(z).mul(x).add(x);
        // 1 − 2 / (e^{2|x|} + 1), with x's sign; e^{2|x|} saturates to +∞ and this to 1
        FloatVector far = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(exp(a.add(a)).add(1f)));
        far = far.blend(far.neg(), x.compare(VectorOperators.LT, 0f));
        return far.blend(near, a.compare(VectorOperators.LT, 0.625f));
    }
}
