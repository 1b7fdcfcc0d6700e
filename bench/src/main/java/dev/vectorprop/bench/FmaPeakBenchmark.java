package dev.vectorprop.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * This core's peak of float fused multiply-adds on the preferred vector species, measured: 16 independent
 * chains (enough to cover the FMA latency on every pipe) of {@code a = a·m + c}, which stays near 1 (no
 * denormals, no infinities). Reported in operations per nanosecond, that is GFLOPS (an FMA counts two): the
 * denominator of every "% of peak" figure, measured in the same run as the figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FmaPeakBenchmark {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int STEPS = 4096;
    private static final int CHAINS = 16;
    /** Floating-point operations per call: two per lane of every FMA, 16 lanes' worth of steps whatever the species. */
    static final int FLOPS = 2 * CHAINS * STEPS * 16;

    public float m = 0.999f;
    public float c = 0.001f;

    @Benchmark
    @OperationsPerInvocation(FLOPS)
    public float peak() {
        return chains(m, c);
    }

    /** Out of line: inlined into JMH's measurement loop, the sixteen chains ran at a seventh of this speed. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static float chains(float m, float c) {
        FloatVector mul = FloatVector.broadcast(S, m);
        FloatVector add = FloatVector.broadcast(S, c);
        FloatVector a0 = FloatVector.broadcast(S, 0.50f), a1 = FloatVector.broadcast(S, 0.51f);
        FloatVector a2 = FloatVector.broadcast(S, 0.52f), a3 = FloatVector.broadcast(S, 0.53f);
        FloatVector a4 = FloatVector.broadcast(S, 0.54f), a5 = FloatVector.broadcast(S, 0.55f);
        FloatVector a6 = FloatVector.broadcast(S, 0.56f), a7 = FloatVector.broadcast(S, 0.57f);
        FloatVector a8 = FloatVector.broadcast(S, 0.58f), a9 = FloatVector.broadcast(S, 0.59f);
        FloatVector a10 = FloatVector.broadcast(S, 0.60f), a11 = FloatVector.broadcast(S, 0.61f);
        FloatVector a12 = FloatVector.broadcast(S, 0.62f), a13 = FloatVector.broadcast(S, 0.63f);
        FloatVector a14 = FloatVector.broadcast(S, 0.64f), a15 = FloatVector.broadcast(S, 0.65f);
        for (int i = 0; i < STEPS * lanesFactor(); i++) {
            a0 = a0.fma(mul, add);
            a1 = a1.fma(mul, add);
            a2 = a2.fma(mul, add);
            a3 = a3.fma(mul, add);
            a4 = a4.fma(mul, add);
            a5 = a5.fma(mul, add);
            a6 = a6.fma(mul, add);
            a7 = a7.fma(mul, add);
            a8 = a8.fma(mul, add);
            a9 = a9.fma(mul, add);
            a10 = a10.fma(mul, add);
            a11 = a11.fma(mul, add);
            a12 = a12.fma(mul, add);
            a13 = a13.fma(mul, add);
            a14 = a14.fma(mul, add);
            a15 = a15.fma(mul, add);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .add(a12).add(a13).add(a14).add(a15).reduceLanes(VectorOperators.ADD);
    }

    /** Steps scaled so that every species does {@link #FLOPS}: 16 lanes one step, 8 lanes two, 4 lanes four. */
    private static int lanesFactor() {
        return 16 / S.length();
    }
}
