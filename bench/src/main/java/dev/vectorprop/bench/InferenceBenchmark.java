package dev.vectorprop.bench;

import dev.vectorprop.data.FashionMnist;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Precision;
import dev.vectorprop.nn.Predictor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Prediction with 784-512-512-10 on one thread: the latency of one row and the time of a batch of
 * 256 rows, with the weights in float or in bfloat16. Sample mode gives the latency distribution
 * (p50, p99).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class InferenceBenchmark {
    @Param({"simd", "scalar"})
    public String kernels;

    @Param({"FP32", "BF16"})
    public Precision precision;

    /**
     * {@code random}: uniform random numbers, no zeros; {@code fashion}: the real Fashion-MNIST test
     * images (pixels / 255, about half of them blank), which the one-row kernels partly skip.
     */
    @Param({"random"})
    public String rows;

    /** Threads per call ({@code Predictor.withThreads}). */
    @Param({"1"})
    public int threads;

    private static final int SINGLES = 16;

    private Predictor predictor;
    /**
     * The batch's first {@value #SINGLES} rows: each call of {@link #oneRow} takes the next, as a server's
     * requests differ (a fixed row would always skip the same zeros); few enough to stay in cache, as a
     * request just parsed does.
     */
    private float[][] singles;
    private int next;
    private float[] batch;
    private float[] out;

    @Setup
    public void setUp() throws IOException {
        Kernels k = kernels.equals("simd") ? Kernels.auto() : Kernels.scalar();
        predictor = Predictor.of(EndToEnd.mlp(), k, precision).withThreads(threads);
        batch = rows(rows, 256);
        singles = firstRows(batch, SINGLES);
        out = new float[256 * 10];
    }

    /** {@code count} rows of the given kind: {@code random} ({@link #randomRows}) or {@code fashion}. */
    static float[] rows(String kind, int count) throws IOException {
        return switch (kind) {
            case "random" -> randomRows(count);
            case "fashion" -> java.util.Arrays.copyOf(FashionMnist.test(FashionMnist.DEFAULT_DIRECTORY).inputs(),
                    count * 784);
            default -> throw new IllegalArgumentException("rows must be random or fashion, not " + kind);
        };
    }

    /** Rows of 784 uniform random numbers in [0, 1), from seed 0. */
    static float[] randomRows(int count) {
        float[] rows = new float[count * 784];
        SplittableRandom random = new SplittableRandom(0);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) random.nextDouble();
        }
        return rows;
    }

    /** Copies of the first rows of 784 values, one array each. */
    static float[][] firstRows(float[] rows, int count) {
        float[][] copies = new float[count][];
        for (int i = 0; i < count; i++) {
            copies[i] = java.util.Arrays.copyOfRange(rows, i * 784, (i + 1) * 784);
        }
        return copies;
    }

    @Benchmark
    public float[] oneRow() {
        next = (next + 1) % SINGLES;
        predictor.predict(singles[next], 1, out);
        return out;
    }

    @Benchmark
    public float[] batchOf256() {
        predictor.predict(batch, 256, out);
        return out;
    }
}
