package dev.vectorprop.bench;

import dev.vectorprop.internal.NetworkAccess;
import dev.vectorprop.internal.Shard;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Reduction;
import dev.vectorprop.optim.Adam;
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
 * One training step of 784-512-512-10 at batch 64 and 256 on one thread: forward, cross-entropy, backward,
 * Adam. Run with {@code -prof gc} to see that a step allocates nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TrainingStepBenchmark {
    @Param({"64", "256"})
    public int batch;

    @Param({"simd", "scalar"})
    public String kernels;

    private Kernels k;
    private Network network;
    private Shard workspace;
    private Adam adam;

    @Setup
    public void setUp() {
        k = kernels.equals("simd") ? Kernels.auto() : Kernels.scalar();
        if (kernels.equals("simd") && k == Kernels.scalar()) {
            throw new IllegalStateException("the SIMD kernels are not available in this JVM");
        }
        network = EndToEnd.mlp();
        workspace = NetworkAccess.get().newShard(network, batch); // the trainer's own view of a shard
        SplittableRandom random = new SplittableRandom(0);
        for (int i = 0; i < batch * 784; i++) {
            workspace.input()[i] = (float) random.nextDouble();
        }
        for (int r = 0; r < batch; r++) {
            workspace.target()[r * 10 + random.nextInt(10)] = 1f;
        }
        adam = new Adam(1e-3f);
    }

    @Benchmark
    public double step() {
        workspace.forward(k, batch, true);
        double loss = workspace.backward(k, Loss.CROSS_ENTROPY, Reduction.MEAN, batch, null);
        adam.step(k, network.parameters(), workspace.gradients());
        return loss;
    }

    @Benchmark
    public float[] forward() {
        return workspace.forward(k, batch, true);
    }
}
