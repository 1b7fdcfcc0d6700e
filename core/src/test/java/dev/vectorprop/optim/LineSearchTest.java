package dev.vectorprop.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The line search's steps satisfy the strong Wolfe conditions, on Rosenbrock's valley. */
class LineSearchTest {
    /** Rosenbrock's function along x0 + α·p. */
    private static final class Rosenbrock implements LineSearch.Phi {
        final double[] x0;
        final double[] p;
        double slope;
        int evaluations;

        Rosenbrock(double[] x0, double[] p) {
            this.x0 = x0;
            this.p = p;
        }

        static double value(double x, double y) {
            return 100 * (y - x * x) * (y - x * x) + (1 - x) * (1 - x);
        }

        static double[] gradient(double x, double y) {
            return new double[] {-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)};
        }

        @Override
        public double value(double alpha) {
            evaluations++;
            double x = x0[0] + alpha * p[0];
            double y = x0[1] + alpha * p[1];
            double[] g = gradient(x, y);
            slope = g[0] * p[0] + g[1] * p[1];
            return value(x, y);
        }

        @Override
        public double slope() {
            return slope;
        }
    }

    private static void assertStrongWolfe(double[] x0, double[] p, double alpha1, double c2) {
        Rosenbrock phi = new Rosenbrock(x0, p);
        double phi0 = phi.value(0);
        double slope0 = phi.slope();
        assertTrue(slope0 < 0, "a descent direction");
        double alpha = LineSearch.strongWolfe(phi, phi0, slope0, alpha1, c2);
        assertTrue(alpha > 0, "a step from " + alpha1);
        double value = phi.value(alpha);
        assertTrue(value <= phi0 + LineSearch.C1 * alpha * slope0, "sufficient decrease at α = " + alpha);
        assertTrue(Math.abs(phi.slope()) <= c2 * Math.abs(slope0), "curvature at α = " + alpha);
    }

    @Test
    void stepsAlongSteepestDescentSatisfyTheStrongWolfeConditions() {
        for (double[] x0 : new double[][] {{-1.2, 1}, {0, 0}, {2, 2}, {-0.5, 1.5}}) {
            double[] g = Rosenbrock.gradient(x0[0], x0[1]);
            double[] p = {-g[0], -g[1]};
            // a first step far too long (bracketing then zoom), about right, and far too short (extrapolation)
            for (double alpha1 : new double[] {1, 1e-3, 1e-7}) {
                assertStrongWolfe(x0, p, alpha1, 0.9);
                assertStrongWolfe(x0, p, alpha1, 0.1);
            }
        }
    }

    @Test
    void newtonsDirectionAcceptsTheUnitStep() {
        // the Newton direction from Rosenbrock's usual start (−1.2, 1): α = 1 is tried first and kept
        double[] x0 = {-1.2, 1};
        double x = x0[0];
        double y = x0[1];
        double hxx = 1200 * x * x - 400 * y + 2;
        double hxy = -400 * x;
        double hyy = 200;
        double[] g = Rosenbrock.gradient(x, y);
        double det = hxx * hyy - hxy * hxy;
        double[] p = {-(hyy * g[0] - hxy * g[1]) / det, -(-hxy * g[0] + hxx * g[1]) / det};
        Rosenbrock phi = new Rosenbrock(x0, p);
        double phi0 = phi.value(0);
        double slope0 = phi.slope();
        assertEquals(1, LineSearch.strongWolfe(phi, phi0, slope0, 1, 0.9));
        assertEquals(2, phi.evaluations, "one evaluation besides φ(0)");
    }

    @Test
    void refiningLandsOnAQuadraticsMinimum() {
        // φ(α) = (α − 3)² − 9, explored from α = 1, where the conditions with c2 = 0.9 already hold
        LineSearch.Phi phi = new LineSearch.Phi() {
            double alpha;

            @Override
            public double value(double a) {
                alpha = a;
                return (a - 3) * (a - 3) - 9;
            }

            @Override
            public double slope() {
                return 2 * (alpha - 3);
            }
        };
        assertEquals(1, LineSearch.strongWolfe(phi, 0, -6, 1, 0.9));
        assertEquals(3, LineSearch.refinedStrongWolfe(phi, 0, -6, 1, 0.9));
    }

    @Test
    void interpolationFindsAQuadraticsMinimum() {
        // (a, φa, φ'a), (b, φb, φ'b) of φ(α) = (α − 3)²: both the cubic and the quadratic give 3
        assertEquals(3, LineSearch.minimizer(0, 9, -6, 1, 4, -4), 1e-12);
        assertEquals(3, LineSearch.minimizer(5, 4, 4, 1, 4, -4), 1e-12);
    }
}
