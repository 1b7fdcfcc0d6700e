package dev.vectorprop.samples;

import dev.vectorprop.kernel.Kernels;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The {@code --kernels scalar|simd|auto} option. */
final class KernelChoice {
    private KernelChoice() {
    }

    /**
     * Starts {@link Kernels#warmUp} on a daemon thread, so that it runs while the caller loads its data; the
     * caller may interrupt the thread to end the warm-up early.
     */
    static Thread warmUpWhileLoading(Kernels kernels) {
        return Thread.ofPlatform().daemon().name("vectorprop-warm-up").start(kernels::warmUp);
    }

    static Kernels choose(String name, CommandSpec spec) {
        return switch (name) {
            case "scalar" -> Kernels.scalar();
            case "auto" -> Kernels.auto();
            case "simd" -> {
                Kernels k = Kernels.auto();
                if (k == Kernels.scalar()) {
                    throw new ParameterException(spec.commandLine(),
                            "--kernels simd needs the JVM flag --add-modules jdk.incubator.vector and the simd jar");
                }
                yield k;
            }
            default -> throw new ParameterException(spec.commandLine(),
                    "--kernels must be scalar, simd or auto, not '" + name + "'");
        };
    }
}
