package dev.vectorprop.optim;

/**
 * A line search for a step α along a descent direction that satisfies the strong Wolfe conditions
 * φ(α) ≤ φ(0) + c1·α·φ'(0) and |φ'(α)| ≤ c2·|φ'(0)|: bracketing then zoom, Nocedal and Wright's
 * Algorithms 3.5 and 3.6, with cubic interpolation (quadratic where the cubic has no minimum), safeguarded
 * by bisection.
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
        return strongWolfe(phi, phi0, slope0, alpha1, c2, false);
    }

    /**
     * With {@code refine}, a first trial that already satisfies the conditions is followed by one secant step, kept if it satisfies them too with a lower value: exact on a quadratic, which conjugate gradients
     * need to stay conjugate, for one more evaluation.
     */
    static double strongWolfe(Phi phi, double phi0, double slope0, double alpha1, double c2, boolean refine) {
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
                return i == 1 && refine ? refined(phi, phi0, slope0, c2, alpha, value, slope) : alpha;
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
     * The secant step on the slopes from 0 to an acceptable α, if it is acceptable and lower; else α again. On a
     * quadratic it is the minimum, and unlike interpolating the values it does not lose digits to their
     * cancellation as the loss flattens out.
     */
    private static double refined(Phi phi, double phi0, double slope0, double c2, double alpha, double value,
                                  double slope) {
        double better = alpha * slope0 / (slope0 - slope);
        if (!(better > 0) || Math.abs(better - alpha) <= 1e-6 * alpha) {
            return alpha;
        }
        double betterValue = phi.value(better);
        if (betterValue <= value && betterValue <= phi0 + C1 * better * slope0
                && Math.abs(phi.slope()) <= -c2 * slope0) {
            return better;
        }
        phi.value(alpha); // the step returned is the last evaluated
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
     * The minimizer of the cubic through (a, φa, φ'a) and (b, φb, φ'b) (Nocedal and Wright, 3.59), else of the
     * quadratic through φa, φ'a and φb; NaN when neither has one.
     */
    static double minimizer(double a, double fa, double da, double b, double fb, double db) {
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
