package dev.vectorprop.bench;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.data.FashionMnist;
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

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One training step of 784-512-512-10 at batch 64 and 256 on one thread: forward, cross-entropy, backward,
 * Adam. Run with {@code -prof gc} to see that a step allocates nothing.
 *
 * <p>Each step takes the next batch of the real Fashion-MNIST (pixels in [0, 1]) when it is installed,
 * copied in as the trainer's gather does: a network shown the same batch at every step learns it by heart,
 * its softmax saturates and its gradients fall into the subnormal floats, which on Intel's cores cost a
 * microcode assist per instruction and made that step twice as slow as a step of real training. Without the
 * data set the steps cycle through 32 batches of random rows and labels.
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
    private float[] inputs;
    private float[] targets;
    private int batches;
    private int next;

    @Setup
    public void setUp() throws IOException {
        k = kernels.equals("simd") ? Kernels.auto() : Kernels.scalar();
        if (kernels.equals("simd") && k == Kernels.scalar()) {
            throw new IllegalStateException("the SIMD kernels are not available in this JVM");
        }
        network = EndToEnd.mlp();
        workspace = NetworkAccess.get().newShard(network, batch); // the trainer's own view of a shard
        Dataset data = data();
        inputs = data.inputs();
        targets = data.targets();
        batches = data.rows() / batch;
        adam = new Adam(1e-3f);
        System.arraycopy(inputs, 0, workspace.input(), 0, batch * 784); // for forward()
    }

    private static Dataset data() throws IOException {
        if (FashionMnist.isInstalled(FashionMnist.DEFAULT_DIRECTORY)) {
            return FashionMnist.training(FashionMnist.DEFAULT_DIRECTORY);
        }
        SplittableRandom random = new SplittableRandom(0);
        int rows = 32 * 256;
        float[] x = new float[rows * 784];
        int[] labels = new int[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        for (int r = 0; r < rows; r++) {
            labels[r] = random.nextInt(10);
        }
        return Dataset.classification(x, 784, labels, 10);
    }

    @Benchmark
    public double step() {
        int from = next * batch;
        next = (next + 1) % batches;
        System.arraycopy(inputs, from * 784, workspace.input(), 0, batch * 784);
        System.arraycopy(targets, from * 10, workspace.target(), 0, batch * 10);
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
