package dev.vectorprop.nn;

import dev.vectorprop.data.Scaler;
import dev.vectorprop.io.ModelFile;
import dev.vectorprop.io.ModelFormat;
import dev.vectorprop.kernel.Kernels;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A trained network with everything it needs to be used on raw data: the input scaler fitted on the
 * training split, the target scaler for regression (predictions are mapped back through it), the names
 * of the features, classes and targets, and how it was made. What a user loads, saves and serves:
 *
 * <pre>{@code
 * Model model = Model.load(Path.of("fashion.vpm"));
 * Predictor predictor = model.predictor();
 * String label = predictor.label(pixels);
 * }</pre>
 *
 * @param classNames   the class of each output, or null for regression
 * @param featureNames one per input, or null when unknown
 * @param targetNames  the column(s) the model predicts, or null when unknown
 */
public record Model(Network network, Scaler inputScaler, Scaler targetScaler, String[] classNames,
                    String[] featureNames, String[] targetNames, Provenance provenance) {

    public Model {
        if (inputScaler.width() != network.inputs()) {
            throw new IllegalArgumentException("the input scaler has " + inputScaler.width() + " columns, the network "
                    + network.inputs() + " inputs");
        }
        if (targetScaler.width() != network.outputs()) {
            throw new IllegalArgumentException("the target scaler has " + targetScaler.width() + " columns, the network "
                    + network.outputs() + " outputs");
        }
        if (classNames != null && classNames.length != network.outputs() && !(classNames.length == 2
                && network.outputs() == 1)) {
            throw new IllegalArgumentException(classNames.length + " class names for " + network.outputs() + " outputs");
        }
        if (featureNames != null && featureNames.length != network.inputs()) {
            throw new IllegalArgumentException(featureNames.length + " feature names for " + network.inputs() + " inputs");
        }
        if (provenance == null) {
            provenance = Provenance.unknown();
        }
    }

    /** A model of a network alone: no scaling, no names, no provenance. */
    public static Model of(Network network) {
        return new Model(network, Scaler.none(network.inputs()), Scaler.none(network.outputs()), null, null, null,
                Provenance.unknown());
    }

    /**
     * Reads a model file (any format version this vectorprop knows), or a file in another format whose
     * module is on the class or module path ({@link ModelFormat}: an {@code .onnx} file with the onnx module).
     */
    public static Model load(Path file) throws IOException {
        return ModelFormat.load(file);
    }

    /** Writes the model atomically: a crash leaves the old file or the new one, never half of one. */
    public void save(Path file) throws IOException {
        ModelFile.save(this, file);
    }

    /** Whether the outputs are class probabilities (with class names) rather than regression values. */
    public boolean isClassification() {
        return classNames != null;
    }

    /** This model with another provenance. */
    public Model withProvenance(Provenance provenance) {
        return new Model(network, inputScaler, targetScaler, classNames, featureNames, targetNames, provenance);
    }

    /** A thread-safe predictor on raw rows, in {@code float}, with the best kernels this JVM runs. */
    public Predictor predictor() {
        return predictor(Kernels.auto(), Precision.FP32);
    }

    public Predictor predictor(Precision precision) {
        return predictor(Kernels.auto(), precision);
    }

    /**
     * A predictor over a snapshot of this model: it takes rows in the data's own units (the input scaler
     * is applied on the way in) and answers class probabilities and labels, or regression values in the
     * target's units.
     */
    public Predictor predictor(Kernels kernels, Precision precision) {
        return Predictor.of(this, kernels, precision);
    }
}
