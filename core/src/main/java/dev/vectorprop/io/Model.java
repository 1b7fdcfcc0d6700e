package dev.vectorprop.io;

import dev.vectorprop.data.Scaler;
import dev.vectorprop.nn.Network;

/**
 * A trained network with what it needs to be used on raw data: the input scaler fitted on the training
 * split, the target scaler for regression (predictions are mapped back through it), and the names of
 * the features and classes.
 *
 * @param classNames   the class of each output, or null for regression
 * @param featureNames one per input, or null when unknown
 * @param targetNames  the column(s) the model predicts, or null when unknown
 */
public record Model(Network network, Scaler inputScaler, Scaler targetScaler, String[] classNames,
                    String[] featureNames, String[] targetNames) {

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
    }

    /** A model of a network alone: no scaling, no names. */
    public static Model of(Network network) {
        return new Model(network, Scaler.none(network.inputs()), Scaler.none(network.outputs()), null, null, null);
    }
}
