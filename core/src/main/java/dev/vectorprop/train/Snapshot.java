package dev.vectorprop.train;

import dev.vectorprop.nn.BatchNorm;
import dev.vectorprop.nn.Layer;
import dev.vectorprop.nn.Network;

import java.util.ArrayList;
import java.util.List;

/**
 * A copy of a network's state, its parameters and batch-norm statistics, to put back later (the best epoch's
 * weights, the last good ones). The copies are allocated once, not per {@link #take}.
 */
public final class Snapshot {
    private final float[][] live;
    private final float[][] copies;

    public Snapshot(Network network) {
        List<float[]> arrays = new ArrayList<>(List.of(network.parameters()));
        for (Layer layer : network.layers()) {
            if (layer instanceof BatchNorm norm) {
                arrays.add(norm.runningMean());
                arrays.add(norm.runningVariance());
            }
        }
        live = arrays.toArray(new float[0][]);
        copies = new float[live.length][];
        for (int i = 0; i < live.length; i++) {
            copies[i] = new float[live[i].length];
        }
    }

    /** Copies the network's state as it stands. */
    public void take() {
        for (int i = 0; i < live.length; i++) {
            System.arraycopy(live[i], 0, copies[i], 0, live[i].length);
        }
    }

    /** Puts the copy back into the network. */
    public void restore() {
        for (int i = 0; i < live.length; i++) {
            System.arraycopy(copies[i], 0, live[i], 0, live[i].length);
        }
    }
}
