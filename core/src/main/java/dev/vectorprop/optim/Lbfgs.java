package dev.vectorprop.optim;

/**
 * Limited-memory BFGS: the direction −H·g, with H the inverse-Hessian approximation that the last m steps and
 * gradient changes define, by the two-loop recursion (Nocedal and Wright, Algorithm 7.4), scaled by
 * γ = sᵀy / yᵀy of the latest pair.
 */
public final class Lbfgs extends FullBatchOptimizer {
    private final int memory;
    private final double[][] s;
    private final double[][] y;
    private final double[] rho;
    private final double[] a;
    /** Pairs kept, and where the next one goes in the ring. */
    private int count;
    private int next;

    /** @param memory m, the pairs kept; @param tolerance see {@link FullBatchOptimizer} */
    public Lbfgs(int memory, double tolerance) {
        super(0.9, false, tolerance);
        if (memory <= 0) {
            throw new IllegalArgumentException("L-BFGS memory must be positive, got " + memory);
        }
        this.memory = memory;
        s = new double[memory][];
        y = new double[memory][];
        rho = new double[memory];
        a = new double[memory];
    }

    @Override
    void direction(double[] g, double[] p) {
        for (int i = 0; i < g.length; i++) {
            p[i] = -g[i];
        }
        if (count == 0) {
            return;
        }
        int newest = (next - 1 + memory) % memory;
        for (int k = 0, j = newest; k < count; k++, j = (j - 1 + memory) % memory) {
            a[j] = rho[j] * dot(s[j], p);
            axpy(-a[j], y[j], p);
        }
        double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
        for (int i = 0; i < p.length; i++) {
            p[i] *= gamma;
        }
        for (int k = 0, j = (next - count + memory) % memory; k < count; k++, j = (j + 1) % memory) {
            double b = rho[j] * dot(y[j], p);
            axpy(a[j] - b, s[j], p);
        }
    }

    @Override
    void update(double[] step, double[] change) {
        double curvature = dot(step, change);
        if (!(curvature > 0)) { // the Wolfe conditions ensure sᵀy > 0 but float rounding may not: skip the pair
            return;
        }
        s[next] = step;
        y[next] = change;
        rho[next] = 1 / curvature;
        next = (next + 1) % memory;
        count = Math.min(count + 1, memory);
    }

    @Override
    void reset() {
        count = 0;
        next = 0;
    }

    @Override
    double firstStep(double slope) {
        return count > 0 ? 1 : super.firstStep(slope);
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    @Override
    public String toString() {
        return "L-BFGS(m=" + memory + ")";
    }
}
