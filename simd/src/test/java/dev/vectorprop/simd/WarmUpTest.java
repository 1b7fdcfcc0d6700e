package dev.vectorprop.simd;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-XX:+PrintCompilation", "-cp", System.getProperty("java.class.path")));
        String bits = System.getProperty("vectorprop.simd.bits");
        if (bits != null) {
            command.add("-Dvectorprop.simd.bits=" + bits);
        }
        command.add(WarmUpTest.class.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish in 120 s");
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("second call 0 ms"), "a second warm-up must return at once");
        for (String method : List.of("VectorGemm::kernel6", "VectorGemm::kernelNarrow", "VectorGemm::kernel1",
                "VectorGemm::pack", Lanes.LENGTH == 16 ? "VectorGemm::transposeTile16" : "VectorGemm::transposeTile", "VectorKernels::relu", "VectorKernels::addBias", "VectorKernels::columnSums",
                "VectorKernels::softmaxCrossEntropy", "VectorKernels::adamUpdate")) {
            // PrintCompilation: time, id, flags (% for a loop compiled on its way), level 4 = C2, the method
            Pattern compiled = Pattern.compile("(?m)^\\s*\\d+\\s+\\d+\\s+[sb!n ]*4\\s+dev\\.vectorprop\\.simd\\."
                    + Pattern.quote(method) + " ");
            assertTrue(compiled.matcher(output).find(), () -> method + " was not compiled by C2 after the warm-up: "
                    + output.lines().filter(line -> line.contains(method)).toList());
        }
    }
}
