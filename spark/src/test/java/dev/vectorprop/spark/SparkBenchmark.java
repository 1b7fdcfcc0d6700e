package dev.vectorprop.spark;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.data.FashionMnist;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Reduction;
import dev.vectorprop.optim.OptimizerSettings;
import dev.vectorprop.train.EpochResult;
import dev.vectorprop.train.History;
import dev.vectorprop.train.Trainer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The Spark side-by-side of {@code bench/scripts/spark-vs-mllib.sh}, in one JVM and one Spark session: (1) the
 * Spark overhead, seconds per epoch through Spark against the single-JVM trainer on as many threads; (2) a round's
 * measured cost and bytes, and the projection to more executors; (3) vectorprop against MLlib's
 * MultilayerPerceptronClassifier on Fashion-MNIST as a data frame: time to 0.85 test accuracy and accuracy after
 * equal time. Prints Markdown.
 *
 * <p>Arguments ({@code key=value}): {@code master=local[2] partitions=2 layers=784,512,512,10 epochs=8
 * mllib=5,10,20,40,80 budget=900 parts=overhead,rounds,mllib}.
 */
final class SparkBenchmark {
    public static void main(String[] args) {
        java.util.Map<String, String> o = new java.util.HashMap<>();
        for (String a : args) {
            o.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        String master = o.getOrDefault("master", "local[2]");
        int partitions = Integer.parseInt(o.getOrDefault("partitions", "2"));
        int[] layers = Arrays.stream(o.getOrDefault("layers", "784,512,512,10").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        int epochs = Integer.parseInt(o.getOrDefault("epochs", "8"));
        List<String> parts = List.of(o.getOrDefault("parts", "overhead,rounds,mllib").split(","));
        SparkSession spark = SparkSession.builder().master(master).appName("vectorprop-bench")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        System.out.printf(Locale.ROOT, "# vectorprop on Spark %s, %s, %d partitions, %s, %s (%d cores)%n%n",
                spark.version(), master, partitions, Arrays.toString(layers), cpu(),
                Runtime.getRuntime().availableProcessors());
        Dataset train = pixels(load(true));
        Dataset test = pixels(load(false));
        if (parts.contains("overhead")) {
            overhead(sc, train, layers, partitions);
        }
        if (parts.contains("rounds")) {
            rounds(sc, train, layers, partitions);
        }
        if (parts.contains("mllib")) {
            int[] iterations = Arrays.stream(o.getOrDefault("mllib", "5,10,20,40,80").split(","))
                    .mapToInt(Integer::parseInt).toArray();
            versusMllib(spark, train, test, layers, partitions, epochs, iterations,
                    Double.parseDouble(o.getOrDefault("budget", "900")));
        }
        spark.stop();
    }

    /** (1) Steady seconds per epoch (the median after the first) of each way to train the same network. */
    private static void overhead(JavaSparkContext sc, Dataset train, int[] layers, int partitions) {
        System.out.println("## Spark overhead: seconds per epoch, Adam lr 1e-3, batch 64 (L-BFGS: per iteration)\n");
        System.out.println("| run | s / epoch (median of 2nd…) | × single JVM |");
        System.out.println("|---|---:|---:|");
        OptimizerSettings adam = OptimizerSettings.of(OptimizerSettings.Kind.ADAM);
        double local = steady(localTrainer(adam, partitions, 64, 3).fit(network(layers), train));
        row("single JVM, " + partitions + " threads", local, local);
        JavaRDD<Block> blocks = SparkTrainer.blocks(sc, train, partitions);
        for (int k : new int[] {32, 128, 469}) {
            double s = steady(new SparkTrainer(settings(adam, 64, 3, SparkTrainer.Strategy.AVERAGE, k))
                    .fit(network(layers), blocks));
            row("Spark average, sync every " + k + " steps", s, local);
        }
        OptimizerSettings lbfgs = OptimizerSettings.of(OptimizerSettings.Kind.LBFGS);
        double localLbfgs = steady(localTrainer(lbfgs, partitions, Trainer.FULL_BATCH, 4).fit(network(layers), train));
        row("single JVM L-BFGS, " + partitions + " shards", localLbfgs, localLbfgs);
        double sparkLbfgs = steady(new SparkTrainer(settings(lbfgs, Trainer.FULL_BATCH, 4,
                SparkTrainer.Strategy.GRADIENT, 1)).fit(network(layers), blocks));
        row("Spark gradient L-BFGS (same bits)", sparkLbfgs, localLbfgs);
        blocks.unpersist(false);
        System.out.println();
    }

    /**
     * (2) A round that trains on one row per partition is all overhead: shipping the parameters and Adam's state
     * out and back, scheduling, the tree. With a 4-4-2 network, scheduling alone.
     */
    private static void rounds(JavaSparkContext sc, Dataset train, int[] layers, int partitions) {
        Dataset tiny = train.slice(0, partitions);
        JavaRDD<Block> blocks = SparkTrainer.blocks(sc, tiny, partitions);
        OptimizerSettings adam = OptimizerSettings.of(OptimizerSettings.Kind.ADAM);
        double full = steady(new SparkTrainer(settings(adam, 1, 15, SparkTrainer.Strategy.AVERAGE, 1))
                .fit(network(layers), blocks));
        Dataset narrow = Dataset.classification(new float[partitions * 4], 4, new int[partitions], 2);
        double bare = steady(new SparkTrainer(settings(adam, 1, 15, SparkTrainer.Strategy.AVERAGE, 1))
                .fit(Network.builder(4).dense(4, Activation.RELU).dense(2, Activation.SOFTMAX).build(),
                        SparkTrainer.blocks(sc, narrow, partitions)));
        long parameters = network(layers).parameterCount();
        long perPartition = 3 * 4 * parameters; // parameters and Adam's two moments, as floats
        System.out.println("## A round, measured\n");
        System.out.printf(Locale.ROOT, "- scheduling alone (4-4-2 network): **%.1f ms** per round (median of 14)%n",
                bare * 1e3);
        System.out.printf(Locale.ROOT, "- with %,d parameters and Adam's state out and back: **%.1f ms** per round%n",
                parameters, full * 1e3);
        System.out.printf(Locale.ROOT, "- bytes per round: %.1f MB broadcast to each executor, %.1f MB up from each "
                + "partition, combined pairwise in a tree of depth 2%n%n", perPartition / 1e6, perPartition / 1e6);
        if (Double.isNaN(steadyLocalEpoch)) {
            return; // the projection needs (1)'s single-JVM epoch
        }
        // the projection: the epoch's compute divides over the executors, a round's cost does not
        double rowsPerSecond = 60_000 / steadyLocalEpoch; // one core's, measured in (1)
        System.out.println("## Projected epoch of 6,000,000 rows (100 × Fashion-MNIST), 2 cores per executor, "
                + "average strategy, sync every 128 steps of 64 rows, 10 Gbit/s\n");
        System.out.println("| executors | compute s | rounds | transfer s | scheduling s | epoch s |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (int executors : new int[] {8, 32, 128}) {
            long rows = 6_000_000;
            double compute = rows / (rowsPerSecond * 2 * executors);
            long perExecutorSteps = rows / executors / 2 / 64; // two partitions (one a core) per executor
            long roundCount = (perExecutorSteps + 127) / 128;
            // each round: the driver sends the state to every executor (a torrent broadcast: ~2 hops) and the
            // tree brings each partition's back, sqrt(P) partials per level at depth 2
            double transfer = roundCount * (2.0 * perPartition + 2.0 * Math.sqrt(2.0 * executors) * perPartition)
                    * 8 / 10e9;
            // pessimistic: the driver's cost of a round grows with its tasks, as measured for this many
            double scheduling = roundCount * bare * (2.0 * executors / partitions);
            System.out.printf(Locale.ROOT, "| %d | %.1f | %d | %.1f | %.1f | %.1f |%n", executors, compute, roundCount,
                    transfer, scheduling, compute + transfer + scheduling);
        }
        System.out.println();
    }

    private static double steadyLocalEpoch = Double.NaN;

    /** (3) Test accuracy against seconds of training, ours epoch by epoch, MLlib's fit by fit. */
    private static void versusMllib(SparkSession spark, Dataset train, Dataset test, int[] layers, int partitions,
                                    int epochs, int[] iterations, double budget) {
        org.apache.spark.sql.Dataset<Row> trainFrame = frame(spark, train, partitions).cache();
        org.apache.spark.sql.Dataset<Row> testFrame = frame(spark, test, partitions).cache();
        trainFrame.count();
        testFrame.count();
        System.out.println("## vectorprop against MLlib's MultilayerPerceptronClassifier, Fashion-MNIST (pixels / 255)\n");
        System.out.println("MLlib's BLAS: " + mllibBlas() + "\n");
        // ours: the blocks straight from the data frame's partitions, as the estimator makes them
        Block.Columns columns = new Block.Columns("features", "label", null, layers[0], layers[layers.length - 1]);
        long converting = System.nanoTime();
        JavaRDD<Block> blocks = trainFrame.select("features", "label").toJavaRDD()
                .mapPartitionsWithIndex((p, rows) -> Collections.singletonList(Block.of(rows, p, columns)).iterator(),
                        true).cache();
        blocks.count();
        List<double[]> ours = new ArrayList<>();
        double[] clock = {(System.nanoTime() - converting) / 1e9}; // our clock starts with the conversion, as MLlib's
        Network network = network(layers);
        new SparkTrainer(settings(OptimizerSettings.of(OptimizerSettings.Kind.ADAM), 64, epochs,
                SparkTrainer.Strategy.AVERAGE, 128)).validation(test).onEpoch(r -> {
                    clock[0] += r.seconds();
                    ours.add(new double[] {r.epoch(), clock[0], r.validationAccuracy()});
                }).fit(network, blocks);
        System.out.println("| vectorprop (ReLU, Adam, batch 64, average every 128) epoch | seconds | test accuracy |");
        System.out.println("|---:|---:|---:|");
        for (double[] e : ours) {
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.4f |%n", (int) e[0], e[1], e[2]);
        }
        System.out.println();
        System.out.println("| MLlib (sigmoid, L-BFGS) iterations | seconds | test accuracy |");
        System.out.println("|---:|---:|---:|");
        List<double[]> theirs = new ArrayList<>();
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        double spent = 0;
        for (int n : iterations) {
            long started = System.nanoTime();
            MultilayerPerceptronClassificationModel model = new MultilayerPerceptronClassifier().setLayers(layers)
                    .setMaxIter(n).setSeed(1).fit(trainFrame);
            double seconds = (System.nanoTime() - started) / 1e9;
            double a = accuracy.evaluate(model.transform(testFrame));
            theirs.add(new double[] {n, seconds, a});
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.4f |%n", n, seconds, a);
            spent += seconds;
            if (a >= 0.85 || spent > budget) {
                break;
            }
        }
        System.out.println();
        double oursTo = timeTo(ours, 0.85);
        double theirsTo = timeTo(theirs, 0.85);
        double[] last = theirs.getLast();
        double oursAt = accuracyAt(ours, last[1]);
        System.out.printf(Locale.ROOT, "- time to 0.85 test accuracy: vectorprop **%.1f s**, MLlib **%s** → %s%n",
                oursTo, Double.isNaN(theirsTo) ? "not reached in " + String.format(Locale.ROOT, "%.0f s", spent)
                        : String.format(Locale.ROOT, "%.1f s", theirsTo),
                Double.isNaN(theirsTo) ? "more than " + (int) (last[1] / oursTo) + "× faster"
                        : String.format(Locale.ROOT, "%.1f× faster", theirsTo / oursTo));
        System.out.printf(Locale.ROOT, "- accuracy after MLlib's longest fit (%.1f s): vectorprop %.4f%s, MLlib %.4f%n",
                last[1], oursAt, ours.getLast()[1] < last[1] ? " (its last epoch, " + String.format(Locale.ROOT, "%.1f s",
                        ours.getLast()[1]) + ")" : "", last[2]);
        blocks.unpersist(false);
    }

    private static double timeTo(List<double[]> curve, double target) {
        return curve.stream().filter(e -> e[2] >= target).mapToDouble(e -> e[1]).findFirst().orElse(Double.NaN);
    }

    /** The accuracy of the last epoch finished by {@code seconds} (the last of all if none later). */
    private static double accuracyAt(List<double[]> curve, double seconds) {
        double a = curve.getFirst()[2];
        for (double[] e : curve) {
            if (e[1] <= seconds) {
                a = e[2];
            }
        }
        return curve.getLast()[1] <= seconds ? curve.getLast()[2] : a;
    }

    private static String mllibBlas() {
        try {
            return dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getName();
        } catch (Throwable e) {
            return "unknown (" + e + ")";
        }
    }

    private static org.apache.spark.sql.Dataset<Row> frame(SparkSession spark, Dataset data, int partitions) {
        List<Row> rows = new ArrayList<>(data.rows());
        int f = data.features();
        for (int i = 0; i < data.rows(); i++) {
            double[] x = new double[f];
            for (int j = 0; j < f; j++) {
                x[j] = data.inputs()[i * f + j];
            }
            rows.add(RowFactory.create(Vectors.dense(x), (double) data.label(i)));
        }
        StructType schema = new StructType(new StructField[] {
                new StructField("features", new VectorUDT(), false, Metadata.empty()),
                new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
        return spark.createDataFrame(rows, schema).repartition(partitions);
    }

    private static Trainer localTrainer(OptimizerSettings optimizer, int threads, int batch, int epochs) {
        Trainer.Builder b = Trainer.builder(Loss.CROSS_ENTROPY, optimizer);
        return b.kernels(Kernels.auto()).batchSize(batch).epochs(epochs).threads(threads).shards(threads).seed(1).build();
    }

    private static SparkTrainer.Settings settings(OptimizerSettings optimizer, int batch, int epochs,
                                                  SparkTrainer.Strategy strategy, int syncEvery) {
        return new SparkTrainer.Settings(Loss.CROSS_ENTROPY, Reduction.MEAN, 0, optimizer, batch, epochs, 1, 1,
                strategy, syncEvery);
    }

    private static Network network(int[] layers) {
        return Network.mlp(layers, Activation.RELU, Activation.SOFTMAX, false, new float[0], null, 1);
    }

    /** The median seconds of the epochs after the first (JIT warm-up, caching). */
    private static double steady(History history) {
        double[] s = history.epochs().stream().skip(1).mapToDouble(EpochResult::seconds).sorted().toArray();
        return s[s.length / 2];
    }

    private static void row(String run, double seconds, double reference) {
        if (run.startsWith("single JVM, ")) {
            steadyLocalEpoch = seconds * Integer.parseInt(run.replaceAll("\\D", "")); // core-seconds per epoch
        }
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f |%n", run, seconds, seconds / reference);
    }

    private static Dataset load(boolean training) {
        try {
            return training ? FashionMnist.training(FashionMnist.DEFAULT_DIRECTORY)
                    : FashionMnist.test(FashionMnist.DEFAULT_DIRECTORY);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Pixels to [0, 1], the same for both libraries. */
    private static Dataset pixels(Dataset data) {
        float[] x = data.inputs().clone();
        for (int i = 0; i < x.length; i++) {
            x[i] /= 255f;
        }
        return data.withInputs(x);
    }

    private static String cpu() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 2))
                    .orElse("unknown CPU");
        } catch (java.io.IOException e) {
            return "unknown CPU";
        }
    }
}
