package dev.vectorprop.spark;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.samples.Cli;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

    /** One run of {@code vectorprop} (no backend) or {@code vectorprop-spark}: exit code, output, errors. */
    private record Run(int code, String out, String err) {
        static synchronized Run of(boolean spark, String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream savedOut = System.out;
            PrintStream savedErr = System.err;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                int code = Cli.run(args, spark ? new SparkCli() : null);
                return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(savedOut);
                System.setErr(savedErr);
            }
        }

        /** The JSON summary without its timings. */
        String figures() {
            String json = out.lines().reduce((a, b) -> b).orElseThrow();
            return json.replaceAll(",\"seconds\":[^,]*,\"samples_per_second\":[^,]*", "");
        }
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
        Run local = Run.of(false, concat(common, "--shards", "3", "--threads", "1"));
        Run spark = Run.of(true, concat(common, "--partitions", "3", "--threads", "1", "--master", "local[2]"));
        assertEquals(0, local.code(), local.err());
        assertEquals(0, spark.code(), spark.err());
        assertEquals(local.figures(), spark.figures());
        assertTrue(spark.figures().contains("\"accuracy\":0.9"), spark.figures());
    }

    @Test
    void averagesMiniBatchStepsAndReadsParquet(@TempDir Path dir) throws IOException {
        Path parquet = dir.resolve("blobs.parquet");
        org.apache.spark.sql.Dataset<Row> frame = Spark.SESSION.read().option("header", "true").option("inferSchema", "true")
                .csv(blobsCsv(dir, 600).toString());
        frame.write().parquet(parquet.toString());
        Run run = Run.of(true, "train", "--data", parquet.toString(), "--target", "kind", "--layers", "5,16,3", "--lr",
                "0.01", "--batch", "16", "--epochs", "6", "--partitions", "2", "--sync-every", "8", "--json");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("Spark local[2,4], 2 partitions, strategy auto"), run.out());
        assertTrue(run.figures().matches(".*\"test\":\\{\"accuracy\":0\\.(9|8[5-9]).*"), run.figures());
    }

    @Test
    void refusesWhatOnlyTheSingleJvmTrainerDoes(@TempDir Path dir) throws IOException {
        String csv = blobsCsv(dir, 50).toString();
        Run run = Run.of(true, "train", "--data", csv, "--target", "kind", "--early-stopping", "2", "--validation", "0.2");
        assertEquals(2, run.code(), run.out());
        assertTrue(run.err().contains("--early-stopping is for the single-JVM trainer"), run.err());
        Run strategy = Run.of(true, "train", "--data", csv, "--target", "kind", "--strategy", "average",
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
