package dev.vectorprop.simd;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The kernels whose results reach the weights give the same bits interpreted and compiled, so that
 * training is bit-reproducible from one JVM to the next (the JIT compiles at different moments in
 * each). Run in a fresh JVM: in this one the kernels are long compiled.
 */
class JitTiersTest {
    /** Softmax, its backward pass and the losses on fixed data: their bits as one string. */
    static String results() {
        SplittableRandom random = new SplittableRandom(1);
        float[] z = new float[64 * 10];
        float[] t = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian() * 5;
            t[i] = i % 10 == random.nextInt(10) ? 1f : 0f;
        }
        VectorKernels k = VectorKernels.INSTANCE;
        float[] h = new float[z.length];
        float[] dz = new float[z.length];
        k.softmaxRows(64, 10, z, 0, h, 0);
        k.softmaxRowsBackward(64, 10, h, 0, t, 0, dz, 0);
        double losses = k.softmaxCrossEntropy(h.length, h, 0, t, 0, null, 0, 1f) + k.squaredError(h.length, h, 0, t, 0,
                null, 0, 1f) + k.dot(h.length, h, 0, z, 0);
        return Arrays.hashCode(h) + " " + Arrays.hashCode(dz) + " " + Double.doubleToLongBits(losses);
    }

    /** Prints "same" if the first (interpreted) results equal those after the JIT has compiled the kernels. */
    public static void main(String[] args) {
        String first = results();
        String last = first;
        for (int i = 0; i < 30_000; i++) {
            last = results();
        }
        System.out.println(first.equals(last) ? "same" : "interpreted " + first + ", compiled " + last);
    }

    @Test
    void interpretedAndCompiledKernelsGiveTheSameBits() throws IOException, InterruptedException {
        String output = FreshJvm.output(JitTiersTest.class, 60);
        assertEquals("same", output.lines().filter(line -> !line.startsWith("WARNING")).reduce("", String::concat),
                output);
    }
}
