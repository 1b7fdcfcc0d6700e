package dev.vectorprop.bench;

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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Prediction with 784-512-512-10 on one thread: the latency of one row and the time of a batch of
 * 256 rows, with the weights in float or in bfloat16. Sample mode gives the latency distribution
 * (p50, p99). The rows are uniform random numbers, with no zeros for the kernels to skip.
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

    private Predictor predictor;
    private float[] row;
    private float[] batch;
    private float[] out;

    @Setup
    public void setUp() {
        Kernels k = kernels.equals("simd") ? Kernels.auto() : Kernels.scalar();
        predictor = Predictor.of(EndToEnd.mlp(), k, precision);
        SplittableRandom random = new SplittableRandom(0);
        row = new float[784];
        batch = new float[256 * 784];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (float) random.nextDouble();
        }
        System.arraycopy(batch, 0, row, 0, 784);
        out = new float[256 * 10];
    }

    @Benchmark
    public float[] oneRow() {
        predictor.predict(row, 1, out);
        return out;
    }

    @Benchmark
    public float[] batchOf256() {
        predictor.predict(batch, 256, out);
        return out;
    }
}
