package dev.vectorprop.simd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a class's {@code main} in a new JVM on this test's class path, with the Vector API and this run's
 * vector width: for what depends on the JIT, which in the test's own JVM compiled the kernels long ago.
 */
final class FreshJvm {
    private FreshJvm() {
    }

    /** The child's output, stdout and stderr together, once it has finished within {@code seconds} and with status 0. */
    static String output(Class<?> main, long seconds, String... jvmFlags) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--add-modules", "jdk.incubator.vector"));
        command.addAll(List.of(jvmFlags));
        String bits = System.getProperty(Lanes.PROPERTY);
        if (bits != null) {
            command.add("-D" + Lanes.PROPERTY + "=" + bits);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        // read before waiting: a child writing more than the pipe holds would otherwise never finish
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(seconds, TimeUnit.SECONDS), "the child JVM did not finish in " + seconds + " s");
        assertEquals(0, child.exitValue(), output);
        return output;
    }
}
