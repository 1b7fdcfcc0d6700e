package dev.vectorprop.nn;

import dev.vectorprop.kernel.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static dev.vectorprop.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Back-propagated gradients against central finite differences of the loss, computed in float with a
 * step large enough that rounding stays below the check's tolerance.
 */
class GradientCheckTest {
    private static final Kernels K = Kernels.scalar();
    private static final int ROWS = 6;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void everyActivation(Activation activation) {
        // Hidden layer with the activation under test, then an output layer it feeds.
        Network net = Network.builder(4).dense(5, activation).dense(3, Activation.IDENTITY).seed(3).build();
        check(net, Loss.MSE, Reduction.MEAN, 0f, targets(3, 1), 11);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void everyActivationOnTheOutput(Activation activation) {
        Network net = Network.builder(4).dense(3, activation, Initializer.GLOROT).seed(5).build();
        // sign's gradient is zero everywhere it exists: the check then compares zeros with zeros.
        check(net, Loss.MSE, Reduction.SUM, 0f, targets(3, 2), 12, activation != Activation.SIGN);
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void everyLoss(Loss loss) {
        checkLoss(loss, null);
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void everyLossWithRowWeights(Loss loss) {
        checkLoss(loss, new float[] {0.5f, 2f, 0f, 1f, 3f, 1.5f});
    }

    private static void checkLoss(Loss loss, float[] weights) {
        Activation output = switch (loss) {
            case CROSS_ENTROPY -> Activation.SOFTMAX;
            case BINARY_CROSS_ENTROPY, MSLE -> Activation.SIGMOID;
            case SQUARED_HINGE -> Activation.TANH;
            default -> Activation.IDENTITY;
        };
        Network net = Network.builder(4).dense(5, Activation.TANH).dense(3, output).seed(7).build();
        float[] t = switch (loss) {
            case CROSS_ENTROPY -> oneHot(3, 3);
            case BINARY_CROSS_ENTROPY -> bits(3, 4);
            case SQUARED_HINGE -> signs(3, 5);
            case MSLE -> positive(3, 6);
            default -> targets(3, 7);
        };
        check(net, loss, Reduction.MEAN, 0f, t, 13, true, weights);
    }

    @Test
    void crossEntropyThroughTheSoftmaxJacobianWhenNotFused() {
        // A softmax on a hidden layer goes through its full Jacobian-vector product.
        Network net = Network.builder(4).dense(5, Activation.SOFTMAX).dense(3, Activation.SOFTMAX).seed(8).build();
        check(net, Loss.CROSS_ENTROPY, Reduction.MEAN, 0f, oneHot(3, 8), 14);
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void deepNetworkWithOddWidths(Reduction reduction) {
        Network net = Network.builder(7).dense(5, Activation.TANH).dense(4, Activation.SIGMOID)
                .dense(3, Activation.SOFTMAX).seed(9).build();
        check(net, Loss.CROSS_ENTROPY, reduction, 0f, oneHot(3, 9), 15);
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void withWeightDecay(Reduction reduction) {
        Network net = Network.builder(7).dense(5, Activation.TANH).dense(4, Activation.TANH)
                .dense(3, Activation.IDENTITY).seed(10).build();
        check(net, Loss.MSE, reduction, 0.3f, targets(3, 10), 16);
    }

    @Test
    void withBatchNormalization() {
        Network net = Network.builder(7).dense(5, Activation.IDENTITY).batchNorm(Activation.TANH)
                .dense(4, Activation.IDENTITY).batchNorm(Activation.IDENTITY).dense(3, Activation.SOFTMAX)
                .seed(11).build();
        check(net, Loss.CROSS_ENTROPY, Reduction.MEAN, 0f, oneHot(3, 11), 17);
    }

    @Test
    void withDropoutUnderAFixedMask() {
        Network net = Network.builder(7).dense(6, Activation.TANH).dropout(0.5f).dense(5, Activation.SIGMOID)
                .dropout(0.3f).dense(3, Activation.IDENTITY).seed(12).build();
        check(net, Loss.MSE, Reduction.MEAN, 0f, targets(3, 12), 18);
    }

    /**
     * Compares every parameter's back-propagated gradient with (L(w + h) − L(w − h)) / 2h. The dropout
     * seed is the same for every evaluation, so the mask is fixed.
     */
    private static void check(Network net, Loss loss, Reduction reduction, float l2, float[] t, long seed) {
        check(net, loss, reduction, l2, t, seed, true, null);
    }

    private static void check(Network net, Loss loss, Reduction reduction, float l2, float[] t, long seed,
                              boolean expectNonZero) {
        check(net, loss, reduction, l2, t, seed, expectNonZero, null);
    }

    private static void check(Network net, Loss loss, Reduction reduction, float l2, float[] t, long seed,
                              boolean expectNonZero, float[] weights) {
        Workspace w = net.newWorkspace(ROWS);
        Random random = new Random(seed);
        for (int i = 0; i < ROWS * net.inputs(); i++) {
            w.input()[i] = (float) random.nextGaussian();
        }
        System.arraycopy(t, 0, w.target(), 0, t.length);
        float[] p = net.parameters();
        w.seedDropout(seed);
        w.forward(K, ROWS, true);
        w.backward(K, loss, reduction, ROWS, weights);
        float[] analytic = w.gradients().clone();
        net.afterGradients(K, l2, analytic, 0, p.length);
        double largest = 0;
        for (float g : analytic) {
            largest = Math.max(largest, Math.abs(g));
        }
        assertTrue(largest > 1e-3 || !expectNonZero, "the check needs a gradient that is not all zero");
        double absolute = 2e-3 * Math.max(1, largest);
        float h = 2e-3f;
        int kinks = 0;
        for (int i = 0; i < p.length; i++) {
            float saved = p[i];
            double center = objective(net, w, loss, reduction, l2, seed, weights);
            p[i] = saved + h;
            double plus = objective(net, w, loss, reduction, l2, seed, weights);
            p[i] = saved - h;
            double minus = objective(net, w, loss, reduction, l2, seed, weights);
            p[i] = saved;
            double right = (plus - center) / h;
            double left = (center - minus) / h;
            if (Math.abs(right - left) > 10 * absolute) {
                kinks++; // a ReLU, hard-tanh or |·| kink lies within ±h: no derivative to compare with
                continue;
            }
            assertClose((plus - minus) / (2 * h), analytic[i], absolute, 2e-2,
                    "∂L/∂p[" + i + "] of " + net + " with " + loss);
        }
        assertTrue(kinks <= p.length / 10, kinks + " of " + p.length + " parameters sat on a kink");
    }

    private static double objective(Network net, Workspace w, Loss loss, Reduction reduction, float l2, long seed,
                                    float[] weights) {
        w.seedDropout(seed);
        w.forward(K, ROWS, true);
        return w.loss(K, loss, reduction, ROWS, weights) + net.afterGradients(K, l2, null, 0, net.parameterCount());
    }

    private static float[] targets(int width, long seed) {
        Random random = new Random(seed);
        float[] t = new float[ROWS * width];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) random.nextGaussian();
        }
        return t;
    }

    private static float[] positive(int width, long seed) {
        float[] t = targets(width, seed);
        for (int i = 0; i < t.length; i++) {
            t[i] = Math.abs(t[i]) * 0.5f;
        }
        return t;
    }

    private static float[] bits(int width, long seed) {
        float[] t = targets(width, seed);
        for (int i = 0; i < t.length; i++) {
            t[i] = t[i] > 0 ? 1f : 0f;
        }
        return t;
    }

    private static float[] signs(int width, long seed) {
        float[] t = targets(width, seed);
        for (int i = 0; i < t.length; i++) {
            t[i] = t[i] > 0 ? 1f : -1f;
        }
        return t;
    }

    private static float[] oneHot(int width, long seed) {
        Random random = new Random(seed);
        float[] t = new float[ROWS * width];
        for (int r = 0; r < ROWS; r++) {
            t[r * width + random.nextInt(width)] = 1f;
        }
        return t;
    }
}
