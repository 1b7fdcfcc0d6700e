package dev.vectorprop.bench;

import dev.vectorprop.kernel.Kernels;
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
 * The matrix products of training 784-512-512-10 at batch 64, and 1024³, one thread. A shape is
 * {@code FORM:m×n×k}: NN is C = A·B, NT is C = A·Bᵀ, TN is C = Aᵀ·B. GFLOPS = 2·m·n·k / time;
 * {@code bench/scripts/gemm-vs-openblas.sh} converts and puts OpenBLAS beside it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {
    @Param({"NN:64x512x784", "NN:64x512x512", "NN:64x10x512", "NT:64x784x512", "TN:784x512x64", "TN:512x512x64",
            "NN:1024x1024x1024"})
    public String shape;

    @Param({"simd", "scalar"})
    public String kernels;

    private Kernels k;
    private char form;
    private int m;
    private int n;
    private int depth;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup
    public void setUp() {
        k = kernels.equals("simd") ? Kernels.auto() : Kernels.scalar();
        if (kernels.equals("simd") && k == Kernels.scalar()) {
            throw new IllegalStateException("the SIMD kernels are not available in this JVM");
        }
        form = shape.charAt(1) == 'T' ? 'T' : shape.charAt(0) == 'T' ? 't' : 'N';
        String[] dims = shape.substring(3).split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        depth = Integer.parseInt(dims[2]);
        SplittableRandom random = new SplittableRandom(1);
        a = new float[m * depth];
        b = new float[depth * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextDouble(-1, 1);
        }
    }

    @Benchmark
    public float[] gemm() {
        switch (form) {
            case 'T' -> k.gemmNT(m, n, depth, a, 0, depth, b, 0, depth, 0f, c, 0, n);
            case 't' -> k.gemmTN(m, n, depth, a, 0, m, b, 0, n, 0f, c, 0, n);
            default -> k.gemm(m, n, depth, a, 0, depth, b, 0, n, 0f, c, 0, n);
        }
        return c;
    }
}
