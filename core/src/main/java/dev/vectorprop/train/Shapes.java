package dev.vectorprop.train;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.nn.Network;

/** The one check that a data set fits a network, with both shapes in the message. */
final class Shapes {
    private Shapes() {
    }

    static void check(Network network, Dataset data, String role) {
        if (data.features() != network.inputs() || data.targetWidth() != network.outputs()) {
            throw new IllegalArgumentException("the " + role + " data has " + data.features() + " features and "
                    + data.targetWidth() + " targets per row, but the network maps " + network.inputs() + " inputs to "
                    + network.outputs() + " outputs");
        }
    }
}
