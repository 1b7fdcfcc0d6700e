package dev.vectorprop.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The floor under a one-row prediction in {@code float}: reading the 668,672 weights of 784-512-512-10 (2.7 MB,
 * more than this core's L2) once, as a plain vector sum, over and over, so that they stream from L3 as they do
 * between predictions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StreamBenchmark {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private float[] weights;

    @Setup
    public void setUp() {
        weights = new float[784 * 512 + 512 * 512 + 512 * 10];
        java.util.Arrays.fill(weights, 1e-3f);
    }

    @Benchmark
    public float sumOfTheWeights() {
        int step = 4 * S.length();
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i <= weights.length - step; i += step) {
            s0 = s0.add(FloatVector.fromArray(S, weights, i));
            s1 = s1.add(FloatVector.fromArray(S, weights, i + S.length()));
            s2 = s2.add(FloatVector.fromArray(S, weights, i + 2 * S.length()));
            s3 = s3.add(FloatVector.fromArray(S, weights, i + 3 * S.length()));
        }
        float sum = s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
        for (; i < weights.length; i++) {
            sum += weights[i];
        }
        return sum;
    }
}
