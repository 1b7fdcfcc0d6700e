package dev.vectorprop.bench;

import dev.vectorprop.kernel.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Element-wise kernels on 64 × 512 = 32,768 floats (a hidden layer at batch 64), scalar against SIMD,
 * in elements per microsecond (ops/µs). Adam runs over the 669,706 parameters of 784-512-512-10.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ElementwiseBenchmark {
    private static final int N = 64 * 512;
    private static final int PARAMETERS = 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10;

    @Param({"simd", "scalar"})
    public String kernels;

    private Kernels k;
    private float[] z;
    private float[] h;
    private float[] t;
    private float[] w;
    private float[] g;
    private float[] m;
    private float[] v;

    @Setup
    public void setUp() {
        k = kernels.equals("simd") ? Kernels.auto() : Kernels.scalar();
        SplittableRandom random = new SplittableRandom(2);
        z = new float[N];
        h = new float[N];
        t = new float[N];
        for (int i = 0; i < N; i++) {
            z[i] = (float) random.nextDouble(-4, 4);
        }
        for (int r = 0; r < N / 10; r++) {
            t[r * 10 + random.nextInt(10)] = 1f;
        }
        w = new float[PARAMETERS];
        g = new float[PARAMETERS];
        m = new float[PARAMETERS];
        v = new float[PARAMETERS];
        for (int i = 0; i < PARAMETERS; i++) {
            g[i] = (float) random.nextDouble(-1, 1);
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public float[] sigmoid() {
        k.sigmoid(N, z, 0, h, 0);
        return h;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public float[] tanh() {
        k.tanh(N, z, 0, h, 0);
        return h;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public float[] relu() {
        k.relu(N, z, 0, h, 0);
        return h;
    }

    /** Softmax over rows of 10 and the fused cross-entropy loss and gradient: the output layer's work. */
    @Benchmark
    @OperationsPerInvocation(N)
    public double softmaxCrossEntropy() {
        k.softmaxRows(N / 10, 10, z, 0, h, 0);
        return k.softmaxCrossEntropy(N / 10 * 10, h, 0, t, 0, h, 0, 1f / 64);
    }

    @Benchmark
    @OperationsPerInvocation(PARAMETERS)
    public float[] adam() {
        k.adamUpdate(PARAMETERS, g, w, m, v, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f, 0.001f);
        return w;
    }
}
