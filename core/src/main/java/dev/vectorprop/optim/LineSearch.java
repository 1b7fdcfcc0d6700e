package dev.vectorprop.optim;

/**
 * A line search for a step α along a descent direction that satisfies the strong Wolfe conditions
 * φ(α) ≤ φ(0) + c1·α·φ'(0) and |φ'(α)| ≤ c2·|φ'(0)|: bracketing then zoom, Nocedal and Wright's
 * Algorithms 3.5 and 3.6, with interpolation (see {@link #minimizer}), safeguarded by bisection.
 */
final class LineSearch {
    static final double C1 = 1e-4;
    /** Evaluations per search before giving up; a search that needs more has met the limits of float precision. */
    private static final int MAX_EVALUATIONS = 30;

    /** φ(α) = f(x + α·p): {@link #value} evaluates at α, {@link #slope} is φ' at the last α evaluated. */
    interface Phi {
        double value(double alpha);

        double slope();
    }

    private LineSearch() {
    }

    /**
     * A step satisfying the strong Wolfe conditions, tried first at {@code alpha1}; NaN if none was found. The
     * step returned is always the last one evaluated, so φ's state (the parameters, the gradient) is its own.
     */
    static double strongWolfe(Phi phi, double phi0, double slope0, double alpha1, double c2) {
        double previous = 0;
        double previousValue = phi0;
        double previousSlope = slope0;
        double alpha = alpha1;
        for (int i = 1; i <= MAX_EVALUATIONS; i++) {
            double value = phi.value(alpha);
            double slope = phi.slope();
            if (!Double.isFinite(value) || value > phi0 + C1 * alpha * slope0 || (i > 1 && value >= previousValue)) {
                return zoom(phi, phi0, slope0, c2, previous, previousValue, previousSlope, alpha, value, slope,
                        MAX_EVALUATIONS - i);
            }
            if (Math.abs(slope) <= -c2 * slope0) {
                return alpha;
            }
            if (slope >= 0) {
                return zoom(phi, phi0, slope0, c2, alpha, value, slope, previous, previousValue, previousSlope,
                        MAX_EVALUATIONS - i);
            }
            // still going down: extrapolate, between 1.1 and 4 times the last advance further
            double advance = alpha - previous;
            double next = minimizer(previous, previousValue, previousSlope, alpha, value, slope);
            next = Double.isNaN(next) ? alpha + 4 * advance
                    : Math.clamp(next, alpha + 1.1 * advance, alpha + 4 * advance);
            previous = alpha;
            previousValue = value;
            previousSlope = slope;
            alpha = next;
        }
        return Double.NaN;
    }

    /**
     * {@link #strongWolfe}, then one secant step on the slopes from 0 to the step found, kept if it decreases
     * enough and is flatter still: exact on a quadratic, which conjugate gradients need to stay conjugate, for one
     * more evaluation (two when it is not kept). Returns NaN, or the last step evaluated, like strongWolfe.
     */
    static double refinedStrongWolfe(Phi phi, double phi0, double slope0, double alpha1, double c2) {
        double alpha = strongWolfe(phi, phi0, slope0, alpha1, c2);
        if (Double.isNaN(alpha)) {
            return alpha;
        }
        double slope = phi.slope();
        double better = alpha * slope0 / (slope0 - slope);
        if (!(better > 0) || Math.abs(better - alpha) <= 1e-6 * alpha) {
            return alpha;
        }
        double value = phi.value(better);
        if (value <= phi0 + C1 * better * slope0 && Math.abs(phi.slope()) < Math.abs(slope)) {
            return better;
        }
        phi.value(alpha);
        return alpha;
    }

    /**
     * Algorithm 3.6: narrows [lo, hi] (in either order), where lo has the lowest value that decreases enough
     * and φ'(lo)·(hi − lo) < 0, until a step satisfies both conditions.
     */
    private static double zoom(Phi phi, double phi0, double slope0, double c2, double lo, double loValue,
                               double loSlope, double hi, double hiValue, double hiSlope, int evaluations) {
        for (int j = 0; j < evaluations; j++) {
            double width = hi - lo;
            double alpha = Double.isFinite(hiValue) ? minimizer(lo, loValue, loSlope, hi, hiValue, hiSlope)
                    : Double.NaN;
            // bisect when interpolation fails or lands within a tenth of the interval's ends
            if (Double.isNaN(alpha) || (alpha - lo) / width < 0.1 || (hi - alpha) / width < 0.1) {
                alpha = lo + width / 2;
            }
            if (alpha == lo || alpha == hi) {
                return Double.NaN;
            }
            double value = phi.value(alpha);
            double slope = phi.slope();
            if (!Double.isFinite(value) || value > phi0 + C1 * alpha * slope0 || value >= loValue) {
                hi = alpha;
                hiValue = value;
                hiSlope = slope;
            } else {
                if (Math.abs(slope) <= -c2 * slope0) {
                    return alpha;
                }
                if (slope * (hi - lo) >= 0) {
                    hi = lo;
                    hiValue = loValue;
                    hiSlope = loSlope;
                }
                lo = alpha;
                loValue = value;
                loSlope = slope;
            }
        }
        return Double.NaN;
    }

    /**
     * Where the slopes change sign, the zero of the line through them (the minimizer of a quadratic, exact on
     * one): near a minimum the values agree in most of their digits, so methods that subtract them lose those.
     * Else the minimizer of the cubic through (a, φa, φ'a) and (b, φb, φ'b) (Nocedal and Wright, 3.59), else of
     * the quadratic through φa, φ'a and φb; NaN when none has one.
     */
    static double minimizer(double a, double fa, double da, double b, double fb, double db) {
        if (da * db < 0) {
            return a - da * (b - a) / (db - da);
        }
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double radicand = d1 * d1 - da * db;
        if (radicand >= 0) {
            double d2 = Math.signum(b - a) * Math.sqrt(radicand);
            double alpha = b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
            if (Double.isFinite(alpha)) {
                return alpha;
            }
        }
        double curvature = fb - fa - da * (b - a);
        return curvature > 0 ? a - da * (b - a) * (b - a) / (2 * curvature) : Double.NaN;
    }
}
