package dev.vectorprop.simd;

import dev.vectorprop.kernel.Bf16Matrix;
import dev.vectorprop.kernel.PackedMatrix;
import dev.vectorprop.kernel.Kernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the Vector API. Every element-wise loop runs whole vectors up to
 * {@code SPECIES.loopBound(n)} and hands the remainder (fewer than one vector) to the scalar kernels,
 * the reference; an element's result therefore depends only on its index's place relative to the end,
 * never on how a caller splits a range into parts that start at multiples of the vector length.
 *
 * <p>{@code exp}, {@code tanh}, {@code log} and {@code log1p} come from {@link VectorMath}: polynomials that
 * give the same bits in every JIT tier, so that training stays bit-reproducible. Their largest relative
 * error against {@link Math} in double is stated there and asserted by {@code VectorMathTest} (the bar
 * is 1e−6). sigmoid(±∞) is 1 and 0, tanh(±∞) is ±1, and a softmax row's −∞ logits give 0.
 */
public final class VectorKernels implements Kernels {
    public static final VectorKernels INSTANCE = new VectorKernels();

    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.LENGTH;
    private static final Kernels TAIL = Kernels.scalar();

    private VectorKernels() {
    }

    @Override
    public String name() {
        return "simd-" + S.vectorBitSize();
    }

    @Override
    public void warmUp() {
        WarmUp.run(this);
    }

    // ---- matrix products ----

    @Override
    public void gemm(int m, int n, int k, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                     float beta, float[] c, int cOffset, int ldc) {
        VectorGemm.nn(m, n, k, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    @Override
    public void gemmNT(int m, int n, int k, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                       float beta, float[] c, int cOffset, int ldc) {
        VectorGemm.nt(m, n, k, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                       float beta, float[] c, int cOffset, int ldc) {
        VectorGemm.tn(m, n, k, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    /** Wider than one vector, the blocked product's panels, laid out once; else (the narrow kernel) row-major. */
    @Override
    public PackedMatrix pack(int k, int n, float[] b, int bOffset, int ldb) {
        return n <= Lanes.LENGTH ? PackedMatrix.rowMajor(k, n, b, bOffset, ldb)
                : new PackedMatrix(k, n, VectorGemm.LAYOUT, VectorGemm.pack(k, n, b, bOffset, ldb));
    }

    /** This layout through the blocked product; row-major (and the refusal of others) as every kernel does. */
    @Override
    public void gemmPacked(int m, PackedMatrix b, float[] a, int aOffset, int lda, float[] c, int cOffset, int ldc) {
        if (b.layout() == VectorGemm.LAYOUT) {
            VectorGemm.packed(m, b.n(), b.k(), a, aOffset, lda, b.data(), c, cOffset, ldc);
        } else {
            Kernels.super.gemmPacked(m, b, a, aOffset, lda, c, cOffset, ldc);
        }
    }

    @Override
    public void gemvBf16(Bf16Matrix w, float[] x, int xOffset, float[] c, int cOffset) {
        VectorBf16.gemv(w, x, xOffset, c, cOffset);
    }

    // ---- bias ----

    @Override
    public void addBias(int rows, int cols, float[] bias, int biasOffset, float[] x, int xOffset, int ldx) {
        int cv = S.loopBound(cols);
        for (int i = 0; i < rows; i++) {
            int row = xOffset + i * ldx;
            for (int j = 0; j < cv; j += L) {
                FloatVector.fromArray(S, x, row + j).add(FloatVector.fromArray(S, bias, biasOffset + j))
                        .intoArray(x, row + j);
            }
            for (int j = cv; j < cols; j++) {
                x[row + j] += bias[biasOffset + j];
            }
        }
    }

    @Override
    public void columnSums(int rows, int cols, float[] x, int xOffset, int ldx, float beta, float[] out, int outOffset) {
        int cv = S.loopBound(cols);
        for (int j = 0; j < cv; j += L) {
            FloatVector sum = beta == 0f ? FloatVector.zero(S) : FloatVector.fromArray(S, out, outOffset + j).mul(beta);
            for (int i = 0; i < rows; i++) {
                sum = sum.add(FloatVector.fromArray(S, x, xOffset + i * ldx + j));
            }
            sum.intoArray(out, outOffset + j);
        }
        if (cv < cols) {
            TAIL.columnSums(rows, cols - cv, x, xOffset + cv, ldx, beta, out, outOffset + cv);
        }
    }

    // ---- activations ----

    @Override
    public void sigmoid(int n, float[] z, int zOffset, float[] h, int hOffset) {
        int nv = S.loopBound(n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < nv; i += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(S, z, zOffset + i).neg());
            one.div(one.add(e)).intoArray(h, hOffset + i);
        }
        TAIL.sigmoid(n - nv, z, zOffset + nv, h, hOffset + nv);
    }

    @Override
    public void sigmoidBackward(int n, float[] h, int hOffset, float[] dh, int dhOffset, float[] dz, int dzOffset) {
        int nv = S.loopBound(n);
        for (int i = 0; i < nv; i += L) {
            FloatVector hv = FloatVector.fromArray(S, h, hOffset + i);
            FloatVector.fromArray(S, dh, dhOffset + i).mul(hv).mul(hv.neg().add(1f)).intoArray(dz, dzOffset + i);
        }
        TAIL.sigmoidBackward(n - nv, h, hOffset + nv, dh, dhOffset + nv, dz, dzOffset + nv);
    }

    @Override
    public void tanh(int n, float[] z, int zOffset, float[] h, int hOffset) {
        int nv = S.loopBound(n);
        for (int i = 0; i < nv; i += L) {
            VectorMath.tanh(FloatVector.fromArray(S, z, zOffset + i)).intoArray(h, hOffset + i);
        }
        TAIL.tanh(n - nv, z, zOffset + nv, h, hOffset + nv);
    }

    @Override
    public void tanhBackward(int n, float[] h, int hOffset, float[] dh, int dhOffset, float[] dz, int dzOffset) {
        int nv = S.loopBound(n);
        for (int i = 0; i < nv; i += L) {
            FloatVector hv = FloatVector.fromArray(S, h, hOffset + i);
            FloatVector.fromArray(S, dh, dhOffset + i).mul(hv.mul(hv).neg().add(1f)).intoArray(dz, dzOffset + i);
        }
        TAIL.tanhBackward(n - nv, h, hOffset + nv, dh, dhOffset + nv, dz, dzOffset + nv);
    }

    @Override
    public void relu(int n, float[] z, int zOffset, float[] h, int hOffset) {
        int nv = S.loopBound(n);
        for (int i = 0; i < nv; i += L) {
            FloatVector.fromArray(S, z, zOffset + i).max(0f).intoArray(h, hOffset + i);
        }
        TAIL.relu(n - nv, z, zOffset + nv, h, hOffset + nv);
    }

    @Override
    public void reluBackward(int n, float[] z, int zOffset, float[] dh, int dhOffset, float[] dz, int dzOffset) {
        int nv = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < nv; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, z, zOffset + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, dh, dhOffset + i), positive).intoArray(dz, dzOffset + i);
        }
        TAIL.reluBackward(n - nv, z, zOffset + nv, dh, dhOffset + nv, dz, dzOffset + nv);
    }

    @Override
    public void hardTanh(int n, float[] z, int zOffset, float[] h, int hOffset) {
        int nv = S.loopBound(n);
        for (int i = 0; i < nv; i += L) {
            FloatVector.fromArray(S, z, zOffset + i).max(-1f).min(1f).intoArray(h, hOffset + i);
        }
        TAIL.hardTanh(n - nv, z, zOffset + nv, h, hOffset + nv);
    }

    @Override
    public void hardTanhBackward(int n, float[] z, int zOffset, float[] dh, int dhOffset, float[] dz, int dzOffset) {
        int nv = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < nv; i += L) {
            VectorMask<Float> inside = FloatVector.fromArray(S, z, zOffset + i).abs().compare(VectorOperators.LT, 1f);
            zero.blend(FloatVector.fromArray(S, dh, dhOffset + i), inside).intoArray(dz, dzOffset + i);
        }
        TAIL.hardTanhBackward(n - nv, z, zOffset + nv, dh, dhOffset + nv, dz, dzOffset + nv);
    }

    @Override
    public void sign(int n, float[] z, int zOffset, float[] h, int hOffset) {
        int nv = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector minusOne = FloatVector.broadcast(S, -1f);
        for (int i = 0; i < nv; i += L) {
            FloatVector v = FloatVector.fromArray(S, z, zOffset + i);
            // NaN stays NaN, ±0 stays ±0, as Math.signum does
            v.blend(one, v.compare(VectorOperators.GT, zero)).blend(minusOne, v.compare(VectorOperators.LT, zero))
                    .intoArray(h, hOffset + i);
        }
        TAIL.sign(n - nv, z, zOffset + nv, h, hOffset + nv);
    }

    /** Per thread: a row whose masked vector would reach past the end of its array is computed here. */
    private static final ThreadLocal<float[][]> ROW_SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    @Override
    public void softmaxRows(int rows, int cols, float[] z, int zOffset, float[] h, int hOffset) {
        // whole vectors, then one masked vector for the rest of the row (a row of 10 is only that)
        int padded = S.loopBound(cols) + L;
        float[] lanes = VectorMath.lanes();
        for (int r = 0; r < rows; r++) {
            int zi = zOffset + r * cols;
            int hi = hOffset + r * cols;
            if (zi + padded <= z.length && hi + padded <= h.length) {
                softmaxRow(cols, z, zi, h, hi, lanes);
            } else {
                // a masked access past an array's end takes the Vector API's slow path, which allocates;
                // the same vector code on a padded copy gives the same bits
                float[][] scratch = ROW_SCRATCH.get();
                if (scratch[0].length < padded) {
                    scratch[0] = new float[padded];
                    scratch[1] = new float[padded];
                }
                System.arraycopy(z, zi, scratch[0], 0, cols);
                softmaxRow(cols, scratch[0], 0, scratch[1], 0, lanes);
                System.arraycopy(scratch[1], 0, h, hi, cols);
            }
        }
    }

    /**
     * In three parts, the vectors never passing between them: a method holding the exponentials and the
     * normalization together grew past what C2 compiles without boxing vectors.
     */
    private static void softmaxRow(int cols, float[] z, int zi, float[] h, int hi, float[] lanes) {
        exponentiate(cols, z, zi, h, hi, lanes);
        normalize(cols, h, hi, (float) (1.0 / VectorMath.sum(lanes)));
    }

    /** h = exp(z − max z) over the row, and the sums of its lanes into {@code lanes}. */
    private static void exponentiate(int cols, float[] z, int zi, float[] h, int hi, float[] lanes) {
        int cv = S.loopBound(cols);
        VectorMask<Float> rest = S.indexInRange(cv, cols);
        FloatVector m = FloatVector.fromArray(S, z, zi + cv, rest).blend(Float.NEGATIVE_INFINITY, rest.not());
        for (int j = 0; j < cv; j += L) {
            m = m.max(FloatVector.fromArray(S, z, zi + j));
        }
        float max = m.reduceLanes(VectorOperators.MAX);
        FloatVector sum = FloatVector.zero(S);
        for (int j = 0; j < cv; j += L) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(S, z, zi + j).sub(max));
            e.intoArray(h, hi + j);
            sum = sum.add(e);
        }
        FloatVector tail = VectorMath.exp(FloatVector.fromArray(S, z, zi + cv, rest).sub(max))
                .blend(0f, rest.not());
        tail.intoArray(h, hi + cv, rest);
        sum.add(tail).intoArray(lanes, 0);
    }

    private static void normalize(int cols, float[] h, int hi, float inverse) {
        int cv = S.loopBound(cols);
        VectorMask<Float> rest = S.indexInRange(cv, cols);
        for (int j = 0; j < cv; j += L) {
            FloatVector.fromArray(S, h, hi + j).mul(inverse).intoArray(h, hi + j);
        }
        FloatVector.fromArray(S, h, hi + cv, rest).mul(inverse).intoArray(h, hi + cv, rest);
    }

    @Override
    public void softmaxRowsBackward(int rows, int cols, float[] h, int hOffset, float[] dh, int dhOffset, float[] dz,
                                    int dzOffset) {
        int cv = S.loopBound(cols);
        float[] lanes = VectorMath.lanes();
        for (int r = 0; r < rows; r++) {
            int hi = hOffset + r * cols;
            int dhi = dhOffset + r * cols;
            int dzi = dzOffset + r * cols;
            FloatVector acc = FloatVector.zero(S);
            for (int j = 0; j < cv; j += L) {
                acc = FloatVector.fromArray(S, dh, dhi + j).fma(FloatVector.fromArray(S, h, hi + j), acc);
            }
            acc.intoArray(lanes, 0);
            double weighted = VectorMath.sum(lanes);
            for (int j = cv; j < cols; j++) {
                weighted += dh[dhi + j] * h[hi + j];
            }
            float w = (float) weighted;
            for (int j = 0; j < cv; j += L) {
                FloatVector.fromArray(S, dh, dhi + j).sub(w).mul(FloatVector.fromArray(S, h, hi + j))
                        .intoArray(dz, dzi + j);
            }
            for (int j = cv; j < cols; j++) {
                dz[dzi + j] = h[hi + j] * (dh[dhi + j] - w);
            }
        }
    }

    // ---- losses ----

    @Override
    public double squaredError(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset,
                               float gradScale) {
        int nv = S.loopBound(n);
        FloatVector sum = FloatVector.zero(S);
        float twice = 2f * gradScale;
        for (int i = 0; i < nv; i += L) {
            FloatVector e = FloatVector.fromArray(S, y, yOffset + i).sub(FloatVector.fromArray(S, t, tOffset + i));
            sum = e.fma(e, sum);
            if (grad != null) {
                e.mul(twice).intoArray(grad, gradOffset + i);
            }
        }
        float[] lanes = VectorMath.lanes();
        sum.intoArray(lanes, 0);
        return VectorMath.sum(lanes)
                + TAIL.squaredError(n - nv, y, yOffset + nv, t, tOffset + nv, grad, gradOffset + nv, gradScale);
    }

    @Override
    public double squaredLogError(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset,
                                  float gradScale) {
        int nv = S.loopBound(n);
        FloatVector sum = FloatVector.zero(S);
        float twice = 2f * gradScale;
        for (int i = 0; i < nv; i += L) {
            FloatVector yv = FloatVector.fromArray(S, y, yOffset + i);
            FloatVector e = VectorMath.log1p(yv).sub(VectorMath.log1p(FloatVector.fromArray(S, t, tOffset + i)));
            sum = e.fma(e, sum);
            if (grad != null) {
                e.mul(twice).div(yv.add(1f)).intoArray(grad, gradOffset + i);
            }
        }
        float[] lanes = VectorMath.lanes();
        sum.intoArray(lanes, 0);
        return VectorMath.sum(lanes)
                + TAIL.squaredLogError(n - nv, y, yOffset + nv, t, tOffset + nv, grad, gradOffset + nv, gradScale);
    }

    @Override
    public double absoluteError(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset,
                                float gradScale) {
        int nv = S.loopBound(n);
        FloatVector sum = FloatVector.zero(S);
        FloatVector zero = FloatVector.zero(S);
        FloatVector up = FloatVector.broadcast(S, gradScale);
        FloatVector down = FloatVector.broadcast(S, -gradScale);
        for (int i = 0; i < nv; i += L) {
            FloatVector e = FloatVector.fromArray(S, y, yOffset + i).sub(FloatVector.fromArray(S, t, tOffset + i));
            sum = sum.add(e.abs());
            if (grad != null) {
                zero.blend(up, e.compare(VectorOperators.GT, 0f)).blend(down, e.compare(VectorOperators.LT, 0f))
                        .intoArray(grad, gradOffset + i);
            }
        }
        float[] lanes = VectorMath.lanes();
        sum.intoArray(lanes, 0);
        return VectorMath.sum(lanes)
                + TAIL.absoluteError(n - nv, y, yOffset + nv, t, tOffset + nv, grad, gradOffset + nv, gradScale);
    }

    @Override
    public double crossEntropy(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset,
                               float gradScale) {
        int nv = S.loopBound(n);
        FloatVector sum = FloatVector.zero(S);
        for (int i = 0; i < nv; i += L) {
            FloatVector yv = FloatVector.fromArray(S, y, yOffset + i).max(PROBABILITY_FLOOR);
            FloatVector tv = FloatVector.fromArray(S, t, tOffset + i);
            sum = tv.fma(VectorMath.log(yv), sum);
            if (grad != null) {
                tv.div(yv).mul(-gradScale).intoArray(grad, gradOffset + i);
            }
        }
        float[] lanes = VectorMath.lanes();
        sum.intoArray(lanes, 0);
        return -VectorMath.sum(lanes)
                + TAIL.crossEntropy(n - nv, y, yOffset + nv, t, tOffset + nv, grad, gradOffset + nv, gradScale);
    }

    @Override
    public double binaryCrossEntropy(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad,
                                     int gradOffset, float gradScale) {
        int nv = S.loopBound(n);
        FloatVector sum = FloatVector.zero(S);
        for (int i = 0; i < nv; i += L) {
            FloatVector yv = FloatVector.fromArray(S, y, yOffset + i).max(PROBABILITY_FLOOR).min(1f - PROBABILITY_FLOOR);
            FloatVector tv = FloatVector.fromArray(S, t, tOffset + i);
            FloatVector notY = yv.neg().add(1f);
            sum = sum.add(tv.mul(VectorMath.log(yv))).add(tv.neg().add(1f).mul(VectorMath.log(notY)));
            if (grad != null) {
                yv.sub(tv).mul(gradScale).div(yv.mul(notY)).intoArray(grad, gradOffset + i);
            }
        }
        float[] lanes = VectorMath.lanes();
        sum.intoArray(lanes, 0);
        return -VectorMath.sum(lanes)
                + TAIL.binaryCrossEntropy(n - nv, y, yOffset + nv, t, tOffset + nv, grad, gradOffset + nv, gradScale);
    }

    @Override
    public double squaredHinge(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset,
                               float gradScale) {
        int nv = S.loopBound(n);
        FloatVector sum = FloatVector.zero(S);
        float twice = -2f * gradScale;
        for (int i = 0; i < nv; i += L) {
            FloatVector tv = FloatVector.fromArray(S, t, tOffset + i);
            FloatVector margin = tv.mul(FloatVector.fromArray(S, y, yOffset + i)).neg().add(1f).max(0f);
            sum = margin.fma(margin, sum);
            if (grad != null) {
                tv.mul(margin).mul(twice).intoArray(grad, gradOffset + i);
            }
        }
        float[] lanes = VectorMath.lanes();
        sum.intoArray(lanes, 0);
        return VectorMath.sum(lanes)
                + TAIL.squaredHinge(n - nv, y, yOffset + nv, t, tOffset + nv, grad, gradOffset + nv, gradScale);
    }

    @Override
    public double softmaxCrossEntropy(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad,
                                      int gradOffset, float gradScale) {
        int nv = S.loopBound(n);
        FloatVector sum = FloatVector.zero(S);
        for (int i = 0; i < nv; i += L) {
            FloatVector yv = FloatVector.fromArray(S, y, yOffset + i);
            FloatVector tv = FloatVector.fromArray(S, t, tOffset + i);
            VectorMask<Float> labelled = tv.compare(VectorOperators.NE, 0f);
            // only where t ≠ 0, as the reference does: 0·ln(0) must not become NaN
            sum = sum.add(tv.mul(VectorMath.log(yv.max(PROBABILITY_FLOOR))), labelled);
            if (grad != null) {
                yv.sub(tv).mul(gradScale).intoArray(grad, gradOffset + i);
            }
        }
        float[] lanes = VectorMath.lanes();
        sum.intoArray(lanes, 0);
        return -VectorMath.sum(lanes)
                + TAIL.softmaxCrossEntropy(n - nv, y, yOffset + nv, t, tOffset + nv, grad, gradOffset + nv, gradScale);
    }

    // ---- element-wise arithmetic and optimizer updates ----

    @Override
    public void axpy(int n, float alpha, float[] x, int xOffset, float[] y, int yOffset) {
        int nv = S.loopBound(n);
        FloatVector scale = FloatVector.broadcast(S, alpha);
        for (int i = 0; i < nv; i += L) {
            FloatVector.fromArray(S, x, xOffset + i).fma(scale, FloatVector.fromArray(S, y, yOffset + i))
                    .intoArray(y, yOffset + i);
        }
        TAIL.axpy(n - nv, alpha, x, xOffset + nv, y, yOffset + nv);
    }

    @Override
    public void multiply(int n, float[] a, int aOffset, float[] b, int bOffset, float[] out, int outOffset) {
        int nv = S.loopBound(n);
        for (int i = 0; i < nv; i += L) {
            FloatVector.fromArray(S, a, aOffset + i).mul(FloatVector.fromArray(S, b, bOffset + i))
                    .intoArray(out, outOffset + i);
        }
        TAIL.multiply(n - nv, a, aOffset + nv, b, bOffset + nv, out, outOffset + nv);
    }

    @Override
    public double sum(int n, float[] x, int xOffset) {
        int nv = S.loopBound(n);
        FloatVector s = FloatVector.zero(S);
        for (int i = 0; i < nv; i += L) {
            s = s.add(FloatVector.fromArray(S, x, xOffset + i));
        }
        float[] lanes = VectorMath.lanes();
        s.intoArray(lanes, 0);
        return VectorMath.sum(lanes) + TAIL.sum(n - nv, x, xOffset + nv);
    }

    @Override
    public double dot(int n, float[] x, int xOffset, float[] y, int yOffset) {
        int nv = S.loopBound(n);
        FloatVector s = FloatVector.zero(S);
        for (int i = 0; i < nv; i += L) {
            s = FloatVector.fromArray(S, x, xOffset + i).fma(FloatVector.fromArray(S, y, yOffset + i), s);
        }
        float[] lanes = VectorMath.lanes();
        s.intoArray(lanes, 0);
        return VectorMath.sum(lanes) + TAIL.dot(n - nv, x, xOffset + nv, y, yOffset + nv);
    }

    @Override
    public void sgdUpdate(int n, float[] g, float[] w, int offset, float lr) {
        int end = offset + S.loopBound(n);
        FloatVector step = FloatVector.broadcast(S, -lr);
        for (int i = offset; i < end; i += L) {
            FloatVector.fromArray(S, g, i).fma(step, FloatVector.fromArray(S, w, i)).intoArray(w, i);
        }
        TAIL.sgdUpdate(offset + n - end, g, w, end, lr);
    }

    @Override
    public void momentumUpdate(int n, float[] g, float[] w, float[] velocity, int offset, float lr, float mu) {
        int end = offset + S.loopBound(n);
        for (int i = offset; i < end; i += L) {
            FloatVector v = flushSubnormal(FloatVector.fromArray(S, velocity, i).mul(mu)
                    .sub(FloatVector.fromArray(S, g, i).mul(lr)));
            v.intoArray(velocity, i);
            FloatVector.fromArray(S, w, i).add(v).intoArray(w, i);
        }
        TAIL.momentumUpdate(offset + n - end, g, w, velocity, end, lr, mu);
    }

    @Override
    public void nesterovUpdate(int n, float[] g, float[] w, float[] velocity, int offset, float lr, float mu) {
        int end = offset + S.loopBound(n);
        for (int i = offset; i < end; i += L) {
            FloatVector previous = FloatVector.fromArray(S, velocity, i);
            FloatVector next = flushSubnormal(previous.mul(mu).sub(FloatVector.fromArray(S, g, i).mul(lr)));
            next.intoArray(velocity, i);
            FloatVector.fromArray(S, w, i).add(previous.mul(-mu)).add(next.mul(1f + mu)).intoArray(w, i);
        }
        TAIL.nesterovUpdate(offset + n - end, g, w, velocity, end, lr, mu);
    }

    @Override
    public void adagradUpdate(int n, float[] g, float[] w, float[] squares, int offset, float lr, float eps) {
        int end = offset + S.loopBound(n);
        for (int i = offset; i < end; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector s = FloatVector.fromArray(S, squares, i).add(gv.mul(gv));
            s.intoArray(squares, i);
            FloatVector.fromArray(S, w, i).sub(gv.mul(lr).div(s.sqrt().add(eps))).intoArray(w, i);
        }
        TAIL.adagradUpdate(offset + n - end, g, w, squares, end, lr, eps);
    }

    @Override
    public void rmspropUpdate(int n, float[] g, float[] w, float[] squares, int offset, float lr, float rho,
                              float eps) {
        int end = offset + S.loopBound(n);
        for (int i = offset; i < end; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector s = flushSubnormal(FloatVector.fromArray(S, squares, i).mul(rho).add(gv.mul(gv).mul(1f - rho)));
            s.intoArray(squares, i);
            FloatVector.fromArray(S, w, i).sub(gv.mul(lr).div(s.sqrt().add(eps))).intoArray(w, i);
        }
        TAIL.rmspropUpdate(offset + n - end, g, w, squares, end, lr, rho, eps);
    }

    @Override
    public void adamUpdate(int n, float[] g, float[] w, float[] m, float[] v, int offset, float lr, float beta1,
                           float beta2, float eps, float c1, float c2) {
        int end = offset + S.loopBound(n);
        float step = lr / c1;
        float inverseC2 = 1f / c2;
        for (int i = offset; i < end; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = flushSubnormal(FloatVector.fromArray(S, m, i).mul(beta1).add(gv.mul(1f - beta1)));
            FloatVector vv = flushSubnormal(FloatVector.fromArray(S, v, i).mul(beta2).add(gv.mul(gv).mul(1f - beta2)));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector.fromArray(S, w, i).sub(mv.mul(step).div(vv.mul(inverseC2).sqrt().add(eps))).intoArray(w, i);
        }
        TAIL.adamUpdate(offset + n - end, g, w, m, v, offset + (end - offset), lr, beta1, beta2, eps, c1, c2);
    }

    /** x with its subnormal lanes set to zero: the optimizers' states are stored so (see {@link Kernels}). */
    private static FloatVector flushSubnormal(FloatVector x) {
        return x.blend(0f, x.abs().lt(Float.MIN_NORMAL));
    }
}
