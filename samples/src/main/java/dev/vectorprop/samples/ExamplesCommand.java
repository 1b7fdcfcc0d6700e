package dev.vectorprop.samples;

import dev.vectorprop.nn.Dense;
import dev.vectorprop.nn.Network;
import picocli.CommandLine.Command;

import java.util.Arrays;
import java.util.Locale;

/** {@code vectorprop example NAME}: the course notes' worked examples. */
@Command(name = "example", mixinStandardHelpOptions = true,
        description = "Run one of the course notes' worked examples.",
        subcommands = {ExamplesCommand.TwoLayer.class, ExamplesCommand.Linear.class, ExamplesCommand.Xor.class,
                ExamplesCommand.Housing.class})
final class ExamplesCommand {

    @Command(name = "two-layer", description = "2 → 3 sigmoid → 2 linear on 8 patterns: first-epoch gradients, "
            + "then the mean squared error after 1,000 epochs of gradient descent.")
    static final class TwoLayer implements Runnable {
        @Override
        public void run() {
            Network net = WorkedExamples.twoLayerNetwork();
            float[] g = WorkedExamples.twoLayerFirstGradients(net);
            Dense hidden = net.dense(0);
            Dense output = net.dense(1);
            System.out.println("First epoch, loss ½·Σ‖d − y‖²:");
            print("∇V J", g, output.weightOffset(), 3, 2);
            print("∇c J", g, output.biasOffset(), 1, 2);
            print("∇W J", g, hidden.weightOffset(), 2, 3);
            print("∇b J", g, hidden.biasOffset(), 1, 3);
            double mse = WorkedExamples.twoLayerMseAfter(net, 1000);
            System.out.printf(Locale.ROOT, "After 1,000 epochs (α = 0.05): m.s.e. = %.3f%n", mse);
            float[] p = net.parameters();
            print("W", p, hidden.weightOffset(), 2, 3);
            print("b", p, hidden.biasOffset(), 1, 3);
            print("V", p, output.weightOffset(), 3, 2);
            print("c", p, output.biasOffset(), 1, 2);
        }
    }

    @Command(name = "linear", description = "Steepest descent, α = 0.01, on one linear neuron: x ← x − α(Ax + d).")
    static final class Linear implements Runnable {
        @Override
        public void run() {
            float[][] path = WorkedExamples.linearSteepestDescent(new float[] {0.5f, 2f}, 500);
            for (int step : new int[] {1, 2, 3, 10, 50, 100, 500}) {
                System.out.printf(Locale.ROOT, "step %3d: x = (%.4f, %.4f)%n", step, path[step - 1][0],
                        path[step - 1][1]);
            }
            System.out.println("the least-squares minimum is x* = (−1, −1)");
        }
    }

    @Command(name = "xor", description = "2 → 4 tanh → 1 sigmoid learns XOR (not linearly separable).")
    static final class Xor implements Runnable {
        @Override
        public void run() {
            System.out.printf(Locale.ROOT, "XOR mean squared error after 2,000 epochs: %.5f%n", WorkedExamples.xor(1));
        }
    }

    @Command(name = "housing", description = "California housing: 8-10-1 and 8-10-5-1 ReLU networks, test R².")
    static final class Housing implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Option(names = "--epochs", defaultValue = "50", description = "Epochs (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Override
        public Integer call() throws Exception {
            HousingStudies housing = new HousingStudies(dev.vectorprop.kernel.Kernels.auto(), 0);
            System.out.printf("California housing: %,d training rows, %,d test rows%n", housing.trainRows(),
                    housing.testRows());
            for (int[] layers : new int[][] {{8, 10, 1}, {8, 10, 5, 1}}) {
                HousingStudies.Result r = housing.run(layers, 32, epochs, 0);
                System.out.printf(Locale.ROOT, "%s: test R² %.4f, test MSE %.4g (dollars²), %.3f s per epoch%n",
                        Arrays.toString(layers), r.r2(), r.testMse(), r.secondsPerEpoch());
            }
            return 0;
        }
    }

    private static void print(String name, float[] values, int offset, int rows, int cols) {
        StringBuilder text = new StringBuilder(name).append(" =");
        for (int r = 0; r < rows; r++) {
            float[] row = Arrays.copyOfRange(values, offset + r * cols, offset + (r + 1) * cols);
            text.append(r == 0 ? " [" : ", [");
            for (int c = 0; c < cols; c++) {
                text.append(String.format(Locale.ROOT, c == 0 ? "%.2f" : ", %.2f", row[c]));
            }
            text.append(']');
        }
        System.out.println(text);
    }
}
