package dev.vectorprop.spark;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.samples.CliRun;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkCliTest {
    static {
        Spark.SESSION.version(); // the launcher then finds the tests' session, which retries failed tasks
    }

    /** A run of {@code vectorprop train} (no backend) or of {@code vectorprop-spark train}. */
    private static CliRun run(boolean spark, String... args) {
        return CliRun.of(spark ? new SparkCli() : null, args);
    }

    /** The JSON summary without its timings. */
    private static String figures(CliRun run) {
        return run.lastLine().replaceAll(",\"seconds\":[^,]*,\"samples_per_second\":[^,]*", "");
    }

    private static Path blobsCsv(Path dir, int rows) throws IOException {
        Dataset blobs = SparkTrainerTest.blobs(rows, 12);
        List<String> lines = new ArrayList<>(List.of("a,b,c,d,e,kind"));
        for (int i = 0; i < rows; i++) {
            StringBuilder line = new StringBuilder();
            for (int j = 0; j < 5; j++) {
                line.append(String.format(Locale.ROOT, "%.6f,", blobs.inputs()[i * 5 + j]));
            }
            lines.add(line.append("kind-").append(blobs.label(i)).toString());
        }
        Path csv = dir.resolve("blobs.csv");
        Files.write(csv, lines);
        return csv;
    }

    @Test
    void theGradientStrategyReportsWhatTheSingleJvmTrainerWithAsManyShardsReports(@TempDir Path dir) throws IOException {
        String csv = blobsCsv(dir, 400).toString();
        String[] common = {"train", "--data", csv, "--target", "kind", "--layers", "5,12,3", "--optimizer", "lbfgs",
                "--epochs", "6", "--l2", "1e-3", "--json", "--quiet"};
        CliRun local = run(false, concat(common, "--shards", "3", "--threads", "1"));
        CliRun spark = run(true, concat(common, "--partitions", "3", "--threads", "1", "--master", "local[2]"));
        assertEquals(0, local.code(), local.err());
        assertEquals(0, spark.code(), spark.err());
        assertEquals(figures(local), figures(spark));
        assertTrue(figures(spark).contains("\"accuracy\":0.9"), figures(spark));
    }

    @Test
    void averagesMiniBatchStepsAndReadsParquet(@TempDir Path dir) throws IOException {
        Path parquet = dir.resolve("blobs.parquet");
        org.apache.spark.sql.Dataset<Row> frame = Spark.SESSION.read().option("header", "true").option("inferSchema", "true")
                .csv(blobsCsv(dir, 600).toString());
        frame.write().parquet(parquet.toString());
        CliRun run = run(true, "train", "--data", parquet.toString(), "--target", "kind", "--layers", "5,16,3", "--lr",
                "0.01", "--batch", "16", "--epochs", "6", "--partitions", "2", "--sync-every", "8", "--json");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Spark local[2,4], 2 partitions, strategy auto"), run.out());
        assertTrue(figures(run).matches(".*\"test\":\\{\"accuracy\":0\\.(9|8[5-9]).*"), figures(run));
    }

    @Test
    void refusesWhatOnlyTheSingleJvmTrainerDoes(@TempDir Path dir) throws IOException {
        String csv = blobsCsv(dir, 50).toString();
        CliRun run = run(true, "train", "--data", csv, "--target", "kind", "--early-stopping", "2", "--validation", "0.2");
        assertEquals(2, run.code(), run.out());
        assertTrue(run.err().contains("--early-stopping is for the single-JVM trainer"), run.err());
        CliRun strategy = run(true, "train", "--data", csv, "--target", "kind", "--strategy", "average",
                "--optimizer", "lbfgs");
        assertEquals(3, strategy.code(), strategy.out());
        assertTrue(strategy.err().contains("lbfgs iterates on the whole data's gradient: use the gradient strategy"),
                strategy.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
