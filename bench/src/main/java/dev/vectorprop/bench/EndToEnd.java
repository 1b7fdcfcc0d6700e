package dev.vectorprop.bench;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.data.FashionMnist;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.optim.Adam;
import dev.vectorprop.optim.Sgd;
import dev.vectorprop.train.Trainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * End-to-end training throughput on the real Fashion-MNIST: 784 → 512 ReLU → 512 ReLU → 10 softmax,
 * cross-entropy, Adam lr 1e-3, shuffled batches, data preloaded; and two small regression networks
 * where framework overhead dominates. One JSON object per configuration on stdout.
 *
 * <p>Arguments ({@code key=value}): {@code batches=16,32,64,128,256 threads=1,2 kernels=simd,scalar
 * samples=60000 repeats=3 small=true mlp=true optimizer=adam}. {@code samples} below 60,000 times that many rows
 * of each epoch (the scalar kernels are slow); seconds per epoch are then extrapolated to 60,000.
 * {@code optimizer=sgd} trains the 784-512-512-10 network with plain SGD (lr 1e-3) instead: the difference is
 * what Adam's pass over the parameters costs in a step.
 */
public final class EndToEnd {
    private static final int EPOCH = 60_000;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int[] batches = ints(options.getOrDefault("batches", "16,32,64,128,256"));
        int[] threads = ints(options.getOrDefault("threads", "1,2"));
        String[] kernels = options.getOrDefault("kernels", "simd,scalar").split(",");
        int samples = Integer.parseInt(options.getOrDefault("samples", String.valueOf(EPOCH)));
        int repeats = Integer.parseInt(options.getOrDefault("repeats", "3"));

        boolean sgd = switch (options.getOrDefault("optimizer", "adam")) {
            case "adam" -> false;
            case "sgd" -> true;
            default -> throw new IllegalArgumentException("optimizer must be adam or sgd, not "
                    + options.get("optimizer"));
        };
        if (Boolean.parseBoolean(options.getOrDefault("mlp", "true"))) {
            Dataset all = FashionMnist.training(FashionMnist.DEFAULT_DIRECTORY);
            for (String kernelName : kernels) {
                Kernels k = kernels(kernelName);
                int rows = kernelName.equals("scalar") ? Math.min(samples, 6_000) : samples;
                Dataset data = rows < all.rows() ? all.slice(0, rows) : all;
                for (int t : threads) {
                    for (int batch : batches) {
                        double seconds = median(repeats, () -> time(mlp(), data, k, t, batch,
                                Loss.CROSS_ENTROPY, sgd ? new Sgd(1e-3f) : new Adam(1e-3f)));
                        report(sgd ? "mnist-784-512-512-10-sgd" : "mnist-784-512-512-10", k, t, batch, rows, seconds,
                                EPOCH);
                    }
                }
            }
        }
        if (Boolean.parseBoolean(options.getOrDefault("small", "true"))) {
            Dataset regression = synthetic(20_000);
            for (String kernelName : kernels) {
                Kernels k = kernels(kernelName);
                for (int[] widths : new int[][] {{8, 10, 5, 1}, {8, 64, 64, 1}}) {
                    double seconds = median(repeats, () -> time(small(widths), regression, k, 1, 32, Loss.MSE,
                            new Sgd(0.01f)));
                    report("regression-" + join(widths), k, 1, 32, regression.rows(), seconds, regression.rows());
                }
            }
        }
    }

    public static Network mlp() {
        return Network.builder(784).dense(512, Activation.RELU).dense(512, Activation.RELU)
                .dense(10, Activation.SOFTMAX).seed(0).build();
    }

    public static Network small(int[] widths) {
        Network.Builder b = Network.builder(widths[0]).seed(0);
        for (int i = 1; i < widths.length - 1; i++) {
            b.dense(widths[i], Activation.RELU);
        }
        return b.dense(widths[widths.length - 1], Activation.IDENTITY).build();
    }

    /** 8 standard normal features; the target a smooth function of them plus noise. */
    public static Dataset synthetic(int rows) {
        float[][] xy = syntheticRows(rows);
        return Dataset.of(xy[0], 8, xy[1], 1);
    }

    /** {@link #synthetic}'s features (row-major, 8 per row) and targets, for the peers that take plain arrays. */
    public static float[][] syntheticRows(int rows) {
        SplittableRandom random = new SplittableRandom(0);
        float[] x = new float[rows * 8];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < 8; j++) {
                x[i * 8 + j] = (float) gaussian(random);
                s += Math.sin(x[i * 8 + j]) * (j + 1) / 8.0;
            }
            y[i] = (float) (s + 0.1 * gaussian(random));
        }
        return new float[][] {x, y};
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /** Seconds for one epoch over {@code data}, after warming up on the same network. */
    private static double time(Network net, Dataset data, Kernels k, int threads, int batch, Loss loss,
                               dev.vectorprop.optim.Optimizer optimizer) {
        ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
        try {
            Trainer.Builder b = Trainer.builder(loss, optimizer).kernels(k).batchSize(batch).epochs(1).seed(0)
                    .shards(threads);
            if (pool != null) {
                b.pool(pool);
            }
            Trainer trainer = b.build();
            // Warm up for two seconds at least: small networks need thousands of steps before C2 has
            // compiled the whole step.
            long warmUp = System.nanoTime();
            do {
                trainer.fit(net, data);
            } while (System.nanoTime() - warmUp < 2_000_000_000L);
            long start = System.nanoTime();
            trainer.fit(net, data);
            return (System.nanoTime() - start) / 1e9;
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
    }

    private interface Measurement {
        double seconds();
    }

    private static double median(int repeats, Measurement m) {
        double[] values = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            values[i] = m.seconds();
        }
        Arrays.sort(values);
        return values[repeats / 2];
    }

    /** Prints one JSON line: samples/s, and the seconds an epoch of {@code epochRows} takes. */
    private static void report(String model, Kernels k, int threads, int batch, int rows, double seconds,
                               int epochRows) {
        double perSecond = rows / seconds;
        System.out.printf(Locale.ROOT, "{\"system\":\"vectorprop\",\"model\":\"%s\",\"kernels\":\"%s\",\"threads\":%d,"
                        + "\"batch\":%d,\"samples_per_second\":%.1f,\"seconds_per_epoch\":%.3f}%n",
                model, k.name(), threads, batch, perSecond, epochRows / perSecond);
    }

    private static Kernels kernels(String name) {
        return switch (name) {
            case "scalar" -> Kernels.scalar();
            case "simd" -> {
                Kernels k = Kernels.auto();
                if (k == Kernels.scalar()) {
                    throw new IllegalStateException("SIMD kernels unavailable: run java with --add-modules jdk.incubator.vector");
                }
                yield k;
            }
            default -> throw new IllegalArgumentException("kernels must be scalar or simd, not " + name);
        };
    }

    /** {@code key=value} arguments, in order (the peers' mains in this package take the same). */
    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("arguments are key=value, got '" + arg + "'");
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return options;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static String join(int[] widths) {
        List<String> parts = new ArrayList<>();
        for (int w : widths) {
            parts.add(String.valueOf(w));
        }
        return String.join("-", parts);
    }
}
