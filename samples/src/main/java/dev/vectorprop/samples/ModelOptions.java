package dev.vectorprop.samples;

import dev.vectorprop.io.Model;
import dev.vectorprop.io.ModelFile;
import dev.vectorprop.kernel.Kernels;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** The options of every command that uses a saved model: the file and the kernels. */
final class ModelOptions {
    @Option(names = "--model", required = true, description = "The model file.")
    Path file;

    @Option(names = "--kernels", defaultValue = "auto", description = "scalar, simd or auto (default: ${DEFAULT-VALUE}).")
    String kernels;

    Model load() throws IOException {
        return ModelFile.load(file);
    }

    Kernels kernels(CommandSpec spec) {
        return KernelChoice.choose(kernels, spec);
    }
}
