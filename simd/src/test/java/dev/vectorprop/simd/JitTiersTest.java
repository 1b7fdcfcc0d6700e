package dev.vectorprop.simd;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), JitTiersTest.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish in 60 s");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("same", output.lines().filter(line -> !line.startsWith("WARNING")).reduce("", String::concat),
                output);
    }
}
