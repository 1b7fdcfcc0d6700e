package dev.vectorprop.optim;

/**
 * Nonlinear conjugate gradient: p = −g + β·p_prev, β by Polak–Ribière+ (max(0, gᵀ(g − g_prev) / ‖g_prev‖²))
 * or Fletcher–Reeves (‖g‖² / ‖g_prev‖²). It restarts from steepest descent every n iterations (n the parameter
 * count, after which conjugacy is spent) and whenever p is not a descent direction.
 */
public final class ConjugateGradient extends FullBatchOptimizer {
    public enum Formula { POLAK_RIBIERE, FLETCHER_REEVES }

    private final Formula formula;
    private double[] previousGradient;
    private double[] previousDirection;
    private long sinceRestart;

    /** @param tolerance see {@link FullBatchOptimizer} */
    public ConjugateGradient(Formula formula, double tolerance) {
        super(0.1, true, tolerance);
        this.formula = formula;
    }

    @Override
    void direction(double[] g, double[] p) {
        double beta = 0;
        if (previousGradient != null && sinceRestart < g.length) {
            double norm = dot(previousGradient, previousGradient);
            beta = formula == Formula.FLETCHER_REEVES ? dot(g, g) / norm
                    : Math.max(0, (dot(g, g) - dot(g, previousGradient)) / norm);
        }
        sinceRestart = beta == 0 ? 1 : sinceRestart + 1;
        for (int i = 0; i < g.length; i++) {
            p[i] = -g[i] + (beta == 0 ? 0 : beta * previousDirection[i]);
        }
        previousGradient = g.clone();
        previousDirection = p;
    }

    @Override
    void reset() {
        previousGradient = null;
    }

    @Override
    public String toString() {
        return "CG(" + formula.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ")";
    }
}
