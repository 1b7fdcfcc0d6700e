package dev.vectorprop.spark;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.nn.Network;
import dev.vectorprop.samples.Cli;
import dev.vectorprop.samples.TrainBackend;
import dev.vectorprop.train.History;
import dev.vectorprop.train.TrainingListener;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * {@code vectorprop-spark}: the {@code vectorprop} command line, with {@code train}'s epochs run on Spark (every
 * other flag, the report and the JSON are {@code vectorprop train}'s) and Parquet files read by Spark.
 */
public final class SparkCli implements TrainBackend {
    @Option(names = "--master", defaultValue = "local[*]", description = "Spark master URL (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--partitions", description = "Partitions the training rows are spread over, each a task per "
            + "round (default: Spark's default parallelism).")
    Integer partitions;

    @Option(names = "--strategy", defaultValue = "auto", description = "gradient (every step's gradient summed over "
            + "the partitions: the single-JVM trainer's bits with as many shards), average (--sync-every local steps "
            + "per partition, then averaged) or auto: gradient for gd, lbfgs and cg, else average "
            + "(default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--sync-every", defaultValue = "128", paramLabel = "STEPS", description = "average strategy: local "
            + "steps between two averagings (default: ${DEFAULT-VALUE}).")
    int syncEvery;

    private SparkSession session;

    public static void main(String[] args) {
        SparkCli spark = new SparkCli();
        int code;
        try {
            code = Cli.run(args, spark);
        } finally {
            if (spark.session != null) {
                spark.session.stop();
            }
        }
        System.exit(code);
    }

    private SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().master(master).appName("vectorprop").config("spark.ui.enabled", "false")
                    .getOrCreate();
        }
        return session;
    }

    @Override
    public Object options() {
        return this;
    }

    @Override
    public String describe() {
        return "Spark " + session().sparkContext().master() + ", " + partitions() + " partitions, strategy " + strategy;
    }

    private int partitions() {
        if (partitions == null) {
            partitions = session().sparkContext().defaultParallelism();
        }
        if (partitions <= 0) {
            throw new IllegalArgumentException("--partitions must be positive, not " + partitions);
        }
        return partitions;
    }

    /**
     * A Parquet file or folder (any path Spark reads: local, hdfs://, s3a://) as one local CSV file with a header,
     * which {@code train}'s CSV options then read; the copy is deleted when the JVM exits.
     */
    @Override
    public String dataFile(String data) throws IOException {
        if (!data.endsWith(".parquet")) {
            return data;
        }
        Path folder = Files.createTempDirectory("vectorprop-parquet");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(folder)));
        try {
            session().read().parquet(data).coalesce(1).write().mode("overwrite").option("header", "true")
                    .csv(folder.resolve("csv").toUri().toString());
        } catch (Exception e) { // Spark's AnalysisException (no such path, not Parquet) is checked, thrown undeclared
            throw new IOException("cannot read " + data + " as Parquet: " + e.getMessage(), e);
        }
        try (Stream<Path> files = Files.list(folder.resolve("csv"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".csv")).findFirst()
                    .orElseThrow(() -> new IOException(data + " has no rows")).toString();
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is no reason to fail a finished run
        }
    }

    @Override
    public History fit(Plan plan, Network network, Dataset train, Dataset validation, List<TrainingListener> listeners,
                       BooleanSupplier stop) {
        SparkTrainer.Settings settings = new SparkTrainer.Settings(plan.loss(), plan.reduction(), plan.l2(),
                plan.optimizer(), plan.batch(), plan.epochs(), plan.seed(), plan.threads() == null ? 1 : plan.threads(),
                SparkTrainer.Strategy.of(strategy, plan.optimizer()), syncEvery);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(session().sparkContext());
        SparkTrainer trainer = new SparkTrainer(settings).validation(validation).stopWhen(stop);
        for (TrainingListener listener : listeners) {
            trainer.onEpoch(listener::onEpoch);
        }
        var blocks = SparkTrainer.blocks(sc, train, partitions());
        try {
            return trainer.fit(network, blocks);
        } finally {
            blocks.unpersist(false);
        }
    }
}
