package dev.vectorprop.kernel;

/**
 * Plain, obviously correct Java: the reference every other implementation is tested against, and
 * the fallback where the Vector API is not available. Loops accumulate in float in natural order,
 * except the reductions that return double.
 */
final class ScalarKernels implements Kernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void gemm(int m, int n, int k, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                     float beta, float[] c, int cOffset, int ldc) {
        scaleOrClear(m, n, beta, c, cOffset, ldc);
        // i-k-j order: the inner loop walks rows of B and C contiguously.
        for (int i = 0; i < m; i++) {
            int cRow = cOffset + i * ldc;
            for (int p = 0; p < k; p++) {
                float aip = a[aOffset + i * lda + p];
                int bRow = bOffset + p * ldb;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += aip * b[bRow + j];
                }
            }
        }
    }

    @Override
    public void gemmNT(int m, int n, int k, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                       float beta, float[] c, int cOffset, int ldc) {
        for (int i = 0; i < m; i++) {
            int aRow = aOffset + i * lda;
            for (int j = 0; j < n; j++) {
                int bRow = bOffset + j * ldb;
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += a[aRow + p] * b[bRow + p];
                }
                int ci = cOffset + i * ldc + j;
                c[ci] = beta == 0f ? s : s + beta * c[ci];
            }
        }
    }

    @Override
    public void gemmTN(int m, int n, int k, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                       float beta, float[] c, int cOffset, int ldc) {
        scaleOrClear(m, n, beta, c, cOffset, ldc);
        for (int p = 0; p < k; p++) {
            int aRow = aOffset + p * lda;
            int bRow = bOffset + p * ldb;
            for (int i = 0; i < m; i++) {
                float api = a[aRow + i];
                int cRow = cOffset + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += api * b[bRow + j];
                }
            }
        }
    }

    @Override
    public void gemvBf16(Bf16Matrix w, float[] x, int xOffset, float[] c, int cOffset) {
        int n = w.columns();
        int wordsPerRow = w.wordsPerRow();
        int[] words = w.words();
        java.util.Arrays.fill(c, cOffset, cOffset + n, 0f);
        for (int p = 0; p < w.rows(); p++) {
            float xp = x[xOffset + p];
            if (xp == 0f) {
                continue;
            }
            for (int word = 0; word < wordsPerRow; word++) {
                int bits = words[p * wordsPerRow + word];
                int high = Bf16Matrix.highColumn(word);
                if (high < n) {
                    c[cOffset + high] += xp * Bf16Matrix.high(bits);
                }
                if (high + Bf16Matrix.HALF < n) {
                    c[cOffset + high + Bf16Matrix.HALF] += xp * Bf16Matrix.low(bits);
                }
            }
        }
    }

    private static void scaleOrClear(int m, int n, float beta, float[] c, int cOffset, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOffset + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] = beta == 0f ? 0f : beta * c[row + j];
            }
        }
    }

    @Override
    public void addBias(int rows, int cols, float[] bias, int biasOffset, float[] x, int xOffset, int ldx) {
        for (int i = 0; i < rows; i++) {
            int row = xOffset + i * ldx;
            for (int j = 0; j < cols; j++) {
                x[row + j] += bias[biasOffset + j];
            }
        }
    }

    @Override
    public void columnSums(int rows, int cols, float[] x, int xOffset, int ldx, float beta, float[] out, int outOffset) {
        for (int j = 0; j < cols; j++) {
            out[outOffset + j] = beta == 0f ? 0f : beta * out[outOffset + j];
        }
        for (int i = 0; i < rows; i++) {
            int row = xOffset + i * ldx;
            for (int j = 0; j < cols; j++) {
                out[outOffset + j] += x[row + j];
            }
        }
    }

    @Override
    public void sigmoid(int n, float[] z, int zOffset, float[] h, int hOffset) {
        for (int i = 0; i < n; i++) {
            h[hOffset + i] = (float) (1.0 / (1.0 + Math.exp(-z[zOffset + i])));
        }
    }

    @Override
    public void sigmoidBackward(int n, float[] h, int hOffset, float[] dh, int dhOffset, float[] dz, int dzOffset) {
        for (int i = 0; i < n; i++) {
            float hi = h[hOffset + i];
            dz[dzOffset + i] = dh[dhOffset + i] * hi * (1f - hi);
        }
    }

    @Override
    public void tanh(int n, float[] z, int zOffset, float[] h, int hOffset) {
        for (int i = 0; i < n; i++) {
            h[hOffset + i] = (float) Math.tanh(z[zOffset + i]);
        }
    }

    @Override
    public void tanhBackward(int n, float[] h, int hOffset, float[] dh, int dhOffset, float[] dz, int dzOffset) {
        for (int i = 0; i < n; i++) {
            float hi = h[hOffset + i];
            dz[dzOffset + i] = dh[dhOffset + i] * (1f - hi * hi);
        }
    }

    @Override
    public void relu(int n, float[] z, int zOffset, float[] h, int hOffset) {
        for (int i = 0; i < n; i++) {
            h[hOffset + i] = Math.max(z[zOffset + i], 0f);
        }
    }

    @Override
    public void reluBackward(int n, float[] z, int zOffset, float[] dh, int dhOffset, float[] dz, int dzOffset) {
        for (int i = 0; i < n; i++) {
            dz[dzOffset + i] = z[zOffset + i] > 0f ? dh[dhOffset + i] : 0f;
        }
    }

    @Override
    public void hardTanh(int n, float[] z, int zOffset, float[] h, int hOffset) {
        for (int i = 0; i < n; i++) {
            h[hOffset + i] = Math.min(1f, Math.max(-1f, z[zOffset + i]));
        }
    }

    @Override
    public void hardTanhBackward(int n, float[] z, int zOffset, float[] dh, int dhOffset, float[] dz, int dzOffset) {
        for (int i = 0; i < n; i++) {
            dz[dzOffset + i] = Math.abs(z[zOffset + i]) < 1f ? dh[dhOffset + i] : 0f;
        }
    }

    @Override
    public void sign(int n, float[] z, int zOffset, float[] h, int hOffset) {
        for (int i = 0; i < n; i++) {
            h[hOffset + i] = Math.signum(z[zOffset + i]);
        }
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] z, int zOffset, float[] h, int hOffset) {
        for (int r = 0; r < rows; r++) {
            int zi = zOffset + r * cols;
            int hi = hOffset + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, z[zi + j]);
            }
            double total = 0;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(z[zi + j] - max);
                h[hi + j] = e;
                total += e;
            }
            float inverse = (float) (1.0 / total);
            for (int j = 0; j < cols; j++) {
                h[hi + j] *= inverse;
            }
        }
    }

    @Override
    public void softmaxRowsBackward(int rows, int cols, float[] h, int hOffset, float[] dh, int dhOffset,
                                    float[] dz, int dzOffset) {
        for (int r = 0; r < rows; r++) {
            int hi = hOffset + r * cols;
            int dhi = dhOffset + r * cols;
            int dzi = dzOffset + r * cols;
            double weighted = 0;
            for (int j = 0; j < cols; j++) {
                weighted += dh[dhi + j] * h[hi + j];
            }
            for (int j = 0; j < cols; j++) {
                dz[dzi + j] = h[hi + j] * (dh[dhi + j] - (float) weighted);
            }
        }
    }

    @Override
    public double squaredError(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset,
                               float gradScale) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            float e = y[yOffset + i] - t[tOffset + i];
            total += e * e;
            if (grad != null) {
                grad[gradOffset + i] = gradScale * 2f * e;
            }
        }
        return total;
    }

    @Override
    public double squaredLogError(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset,
                                  float gradScale) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            float yi = y[yOffset + i];
            float e = (float) (Math.log1p(yi) - Math.log1p(t[tOffset + i]));
            total += e * e;
            if (grad != null) {
                grad[gradOffset + i] = gradScale * 2f * e / (1f + yi);
            }
        }
        return total;
    }

    @Override
    public double absoluteError(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset,
                                float gradScale) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            float e = y[yOffset + i] - t[tOffset + i];
            total += Math.abs(e);
            if (grad != null) {
                grad[gradOffset + i] = gradScale * Math.signum(e);
            }
        }
        return total;
    }

    @Override
    public double crossEntropy(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset,
                               float gradScale) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            float yi = Math.max(y[yOffset + i], PROBABILITY_FLOOR);
            float ti = t[tOffset + i];
            total -= ti * Math.log(yi);
            if (grad != null) {
                grad[gradOffset + i] = -gradScale * ti / yi;
            }
        }
        return total;
    }

    @Override
    public double binaryCrossEntropy(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad,
                                     int gradOffset, float gradScale) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            float yi = Math.min(Math.max(y[yOffset + i], PROBABILITY_FLOOR), 1f - PROBABILITY_FLOOR);
            float ti = t[tOffset + i];
            total -= ti * Math.log(yi) + (1f - ti) * Math.log(1f - yi);
            if (grad != null) {
                grad[gradOffset + i] = gradScale * (yi - ti) / (yi * (1f - yi));
            }
        }
        return total;
    }

    @Override
    public double squaredHinge(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad, int gradOffset,
                               float gradScale) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            float ti = t[tOffset + i];
            float margin = Math.max(0f, 1f - ti * y[yOffset + i]);
            total += margin * margin;
            if (grad != null) {
                grad[gradOffset + i] = -gradScale * 2f * ti * margin;
            }
        }
        return total;
    }

    @Override
    public double softmaxCrossEntropy(int n, float[] y, int yOffset, float[] t, int tOffset, float[] grad,
                                      int gradOffset, float gradScale) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            float yi = y[yOffset + i];
            float ti = t[tOffset + i];
            if (ti != 0f) {
                total -= ti * Math.log(Math.max(yi, PROBABILITY_FLOOR));
            }
            if (grad != null) {
                grad[gradOffset + i] = gradScale * (yi - ti);
            }
        }
        return total;
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOffset, float[] y, int yOffset) {
        for (int i = 0; i < n; i++) {
            y[yOffset + i] += alpha * x[xOffset + i];
        }
    }

    @Override
    public void multiply(int n, float[] a, int aOffset, float[] b, int bOffset, float[] out, int outOffset) {
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = a[aOffset + i] * b[bOffset + i];
        }
    }

    @Override
    public double sum(int n, float[] x, int xOffset) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += x[xOffset + i];
        }
        return total;
    }

    @Override
    public double dot(int n, float[] x, int xOffset, float[] y, int yOffset) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += (double) x[xOffset + i] * y[yOffset + i];
        }
        return total;
    }

    @Override
    public void sgdUpdate(int n, float[] g, float[] w, int offset, float lr) {
        for (int i = offset; i < offset + n; i++) {
            w[i] -= lr * g[i];
        }
    }

    @Override
    public void momentumUpdate(int n, float[] g, float[] w, float[] velocity, int offset, float lr, float mu) {
        for (int i = offset; i < offset + n; i++) {
            velocity[i] = flushSubnormal(mu * velocity[i] - lr * g[i]);
            w[i] += velocity[i];
        }
    }

    @Override
    public void nesterovUpdate(int n, float[] g, float[] w, float[] velocity, int offset, float lr, float mu) {
        for (int i = offset; i < offset + n; i++) {
            float previous = velocity[i];
            float next = flushSubnormal(mu * previous - lr * g[i]);
            velocity[i] = next;
            w[i] += -mu * previous + (1f + mu) * next;
        }
    }

    @Override
    public void adagradUpdate(int n, float[] g, float[] w, float[] squares, int offset, float lr, float eps) {
        for (int i = offset; i < offset + n; i++) {
            float gi = g[i];
            squares[i] += gi * gi;
            w[i] -= lr * gi / ((float) Math.sqrt(squares[i]) + eps);
        }
    }

    @Override
    public void rmspropUpdate(int n, float[] g, float[] w, float[] squares, int offset, float lr, float rho,
                              float eps) {
        for (int i = offset; i < offset + n; i++) {
            float gi = g[i];
            squares[i] = flushSubnormal(rho * squares[i] + (1f - rho) * gi * gi);
            w[i] -= lr * gi / ((float) Math.sqrt(squares[i]) + eps);
        }
    }

    @Override
    public void adamUpdate(int n, float[] g, float[] w, float[] m, float[] v, int offset, float lr, float beta1,
                           float beta2, float eps, float c1, float c2) {
        for (int i = offset; i < offset + n; i++) {
            float gi = g[i];
            m[i] = flushSubnormal(beta1 * m[i] + (1f - beta1) * gi);
            v[i] = flushSubnormal(beta2 * v[i] + (1f - beta2) * gi * gi);
            w[i] -= lr * (m[i] / c1) / ((float) Math.sqrt(v[i] / c2) + eps);
        }
    }

    /** x, or zero when x is subnormal: the optimizers' states are stored so (see {@link Kernels}). */
    private static float flushSubnormal(float x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
    }
}
