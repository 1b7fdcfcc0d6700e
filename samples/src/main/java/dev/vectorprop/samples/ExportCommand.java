package dev.vectorprop.samples;

import dev.vectorprop.nn.Model;
import dev.vectorprop.onnx.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vectorprop export}: a saved model as an ONNX file that any ONNX runtime runs on raw rows. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a saved model as an ONNX file: raw rows in (the input scaling is in the graph), class "
                + "probabilities or values in the target's units out; names and provenance as metadata.")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "The model file (.vpm, or .onnx).")
    Path model;

    @Option(names = "--onnx", required = true, description = "The ONNX file to write.")
    Path onnx;

    @Option(names = "--opset", defaultValue = "" + OnnxExport.DEFAULT_OPSET, description = "The ONNX operator set, "
            + OnnxExport.MIN_OPSET + " to " + OnnxExport.MAX_OPSET + " (default: ${DEFAULT-VALUE}).")
    int opset;

    @Override
    public Integer call() throws Exception {
        if (opset < OnnxExport.MIN_OPSET || opset > OnnxExport.MAX_OPSET) {
            throw new ParameterException(spec.commandLine(), "--opset must be " + OnnxExport.MIN_OPSET + " to "
                    + OnnxExport.MAX_OPSET + ", not " + opset);
        }
        Model loaded = Model.load(model);
        OnnxExport.save(loaded, onnx, opset);
        System.out.printf("exported %s to %s (ONNX operator set %d, %,d bytes): %s%n", model, onnx, opset,
                Files.size(onnx), loaded.network());
        return 0;
    }
}
