package dev.vectorprop.samples;

import dev.vectorprop.nn.Model;
import dev.vectorprop.onnx.OnnxImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vectorprop import}: an ONNX model of an MLP (PyTorch's, tf2onnx's, ours) as a vectorprop model file. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Convert an ONNX model of a multilayer perceptron (e.g. PyTorch's torch.onnx.export of an "
                + "nn.Sequential) to a vectorprop model file. predict, evaluate, serve and info also read .onnx "
                + "files directly.")
final class ImportCommand implements Callable<Integer> {
    @Option(names = "--onnx", required = true, description = "The ONNX file.")
    Path onnx;

    @Option(names = "--model", required = true, description = "The model file to write.")
    Path model;

    @Override
    public Integer call() throws Exception {
        Model imported = OnnxImport.read(onnx);
        imported.save(model);
        System.out.printf("imported %s to %s: %s, %s%n", onnx, model, imported.network(), imported.isClassification()
                ? "classes " + String.join(", ", imported.classNames()) : "regression");
        return 0;
    }
}
