package dev.vectorprop.samples;

import dev.vectorprop.nn.Model;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Precision;
import dev.vectorprop.nn.Predictor;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The options of every command that uses a saved model: the file, the kernels, the weights' precision and the threads
 * per call.
 */
final class ModelOptions {
    @Option(names = "--model", required = true, description = "The model file: a .vpm, or an .onnx file (read with the onnx module).")
    Path file;

    @Option(names = "--kernels", defaultValue = "auto", description = "scalar, simd or auto (default: ${DEFAULT-VALUE}).")
    String kernels;

    @Option(names = "--precision", defaultValue = "fp32", description = "The weights to predict with: fp32, or bf16 "
            + "(rounded to bfloat16 and read in 16 bits: half the one-row latency, outputs within about "
            + "1e-3) (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--call-threads", defaultValue = "1", description = "Threads each prediction call may use: 2 or "
            + "more split one row's dense layers, or a batch's rows, across cores (lower latency; the helpers spin "
            + "between calls) (default: ${DEFAULT-VALUE}).")
    int callThreads;

    Model load() throws IOException {
        return Model.load(file);
    }

    Kernels kernels(CommandSpec spec) {
        return KernelChoice.choose(kernels, spec);
    }

    /** The model's predictor (raw rows in, outputs in the data's units) with the chosen kernels and precision. */
    Predictor predictor(Model model, CommandSpec spec) {
        Precision chosen = switch (precision.toLowerCase(java.util.Locale.ROOT)) {
            case "fp32" -> Precision.FP32;
            case "bf16" -> Precision.BF16;
            default -> throw new ParameterException(spec.commandLine(),
                    "--precision must be fp32 or bf16, not '" + precision + "'");
        };
        if (callThreads < 1) {
            throw new ParameterException(spec.commandLine(), "--call-threads must be at least 1, not " + callThreads);
        }
        return model.predictor(kernels(spec), chosen).withThreads(callThreads);
    }
}
