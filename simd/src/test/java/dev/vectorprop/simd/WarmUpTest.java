package dev.vectorprop.simd;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warm-up, in a fresh JVM at this run's vector width: it runs every path of the products at that width
 * without error, and leaves the kernels a training step spends its time in compiled by C2.
 */
class WarmUpTest {
    /** Warms up, then calls it again (which must return at once). */
    public static void main(String[] args) {
        VectorKernels.INSTANCE.warmUp();
        long start = System.nanoTime();
        VectorKernels.INSTANCE.warmUp();
        System.out.println("second call " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @Test
    void warmUpCompilesTheKernelsOfATrainingStep() throws IOException, InterruptedException {
        // -Xbatch: each compilation finishes where the warm-up's calls request it, so what is checked is that
        // the warm-up calls every kernel enough, not how fast a busy machine's compiler works through its queue
        String output = FreshJvm.output(WarmUpTest.class, 120, "-Xbatch", "-XX:+PrintCompilation");
        assertTrue(output.contains("second call 0 ms"), "a second warm-up must return at once");
        String transpose = Lanes.LENGTH == 16 ? "VectorGemm::transposeTile16" : "VectorGemm::transposeTile";
        for (String method : List.of("VectorGemm::kernel6", "VectorGemm::kernelPacked", "VectorGemm::kernelNarrow",
                "VectorGemm::kernelRows", "VectorGemm::kernelRow",
                "VectorGemm::kernel2", "VectorGemm::packA", transpose, "VectorKernels::relu", "VectorKernels::addBias",
                "VectorKernels::columnSums", "VectorKernels::softmaxCrossEntropy", "VectorKernels::adamUpdate")) {
            // PrintCompilation: time, id, flags (% for a loop compiled on its way), level 4 = C2, the method
            Pattern compiled = Pattern.compile("(?m)^\\s*\\d+\\s+\\d+\\s+[sb!n ]*4\\s+dev\\.vectorprop\\.simd\\."
                    + Pattern.quote(method) + " ");
            assertTrue(compiled.matcher(output).find(), () -> method + " was not compiled by C2 after the warm-up: "
                    + output.lines().filter(line -> line.contains(method)).toList());
        }
    }
}
