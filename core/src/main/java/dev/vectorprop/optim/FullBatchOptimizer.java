package dev.vectorprop.optim;

/**
 * A full-batch method: each {@link #iterate iteration} picks a descent direction from the gradients so far
 * ({@link Lbfgs}, {@link ConjugateGradient}) and moves along it by a step that satisfies the strong Wolfe
 * conditions. The function is an {@link Objective}, evaluated several times an iteration; the parameters stay
 * float (the network's own array), the direction and the method's history are double.
 */
public abstract sealed class FullBatchOptimizer permits Lbfgs, ConjugateGradient {
    private final double c2;
    private final boolean refine;
    private final double tolerance;
    private float[] evaluated;
    private double[] gradient;
    private double[] direction;
    private double[] start;
    private double loss = Double.NaN;
    private double lastStep;
    private double lastSlope;
    private boolean stalled;

    /**
     * @param c2        the curvature condition's constant: loose (0.9) for quasi-Newton, tighter (0.1) for conjugate
     *                  gradients, which need near-exact line searches
     * @param refine    whether line searches refine an acceptable first step (see {@link LineSearch})
     * @param tolerance converged once no gradient component exceeds this in magnitude (the ∞-norm)
     */
    FullBatchOptimizer(double c2, boolean refine, double tolerance) {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("gradient tolerance must be ≥ 0, got " + tolerance);
        }
        this.c2 = c2;
        this.refine = refine;
        this.tolerance = tolerance;
    }

    /** Writes the next direction into {@code p}, given the gradient g at the current parameters. */
    abstract void direction(double[] g, double[] p);

    /** Takes in a completed step s = x' − x and the gradient change y = g' − g (its own arrays, to keep). */
    void update(double[] s, double[] y) {
    }

    /** Forgets the history, so that the next direction is steepest descent. */
    abstract void reset();

    /** The loss at the current parameters; NaN before the first iteration. */
    public double loss() {
        return loss;
    }

    /** Whether the gradient's ∞-norm is within the tolerance, or no step along steepest descent lowers the loss. */
    public boolean converged() {
        return stalled || gradient != null && maxAbs(gradient) <= tolerance;
    }

    /**
     * One iteration from the parameters {@code x}, which it updates in place; returns the loss there. When a
     * line search fails the history is dropped and steepest descent tried; when that fails too, x stays and
     * {@link #converged()} is true.
     */
    public double iterate(Objective f, float[] x) {
        int n = x.length;
        if (gradient == null || gradient.length != n) {
            evaluated = new float[n];
            gradient = new double[n];
            direction = new double[n];
            start = new double[n];
            loss = f.evaluate(x, evaluated);
            copy(evaluated, gradient);
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            direction(gradient, direction);
            double slope = dot(gradient, direction);
            if (!(slope < 0)) { // not a descent direction: start over from steepest descent
                reset();
                direction(gradient, direction);
                slope = dot(gradient, direction);
            }
            for (int i = 0; i < n; i++) {
                start[i] = x[i];
            }
            double startLoss = loss;
            Phi phi = new Phi(f, x);
            double alpha = refine ? LineSearch.refinedStrongWolfe(phi, loss, slope, firstStep(slope), c2)
                    : LineSearch.strongWolfe(phi, loss, slope, firstStep(slope), c2);
            if (!Double.isNaN(alpha)) {
                accept(x, alpha, slope);
                return loss;
            }
            for (int i = 0; i < n; i++) {
                x[i] = (float) start[i];
            }
            loss = startLoss;
            reset();
        }
        stalled = true;
        return loss;
    }

    /**
     * The first step tried: of length 1 at first, then one that expects the same first-order decrease as the
     * last step (Nocedal and Wright, 3.60). Quasi-Newton directions try 1 instead, once they have a history.
     */
    double firstStep(double slope) {
        return lastSlope == 0 ? 1 / Math.sqrt(dot(direction, direction)) : lastStep * lastSlope / slope;
    }

    /** The line search ended at x + α·p, where the objective was last evaluated. */
    private void accept(float[] x, double alpha, double slope) {
        int n = x.length;
        double[] s = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = x[i] - start[i];
            y[i] = evaluated[i] - gradient[i];
            gradient[i] = evaluated[i];
        }
        update(s, y);
        lastStep = alpha;
        lastSlope = slope;
    }

    /** φ(α) = f(x0 + α·p) and its slope gᵀp, x0 being {@code start}. */
    private final class Phi implements LineSearch.Phi {
        private final Objective f;
        private final float[] x;

        Phi(Objective f, float[] x) {
            this.f = f;
            this.x = x;
        }

        @Override
        public double value(double alpha) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (start[i] + alpha * direction[i]);
            }
            loss = f.evaluate(x, evaluated);
            return loss;
        }

        @Override
        public double slope() {
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                sum += evaluated[i] * direction[i];
            }
            return sum;
        }
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double maxAbs(double[] a) {
        double max = 0;
        for (double v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static void copy(float[] from, double[] to) {
        for (int i = 0; i < from.length; i++) {
            to[i] = from[i];
        }
    }
}
