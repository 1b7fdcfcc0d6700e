package dev.vectorprop.samples;

import dev.vectorprop.nn.BatchNorm;
import dev.vectorprop.nn.Layer;
import dev.vectorprop.nn.Network;
import dev.vectorprop.train.EpochResult;
import dev.vectorprop.train.Trainer;
import dev.vectorprop.train.TrainingListener;

import java.util.ArrayList;
import java.util.List;

/**
 * A copy of the network's state (parameters and batch-norm statistics) after the last completed epoch, so
 * that a run that diverges can still save good weights. The copies are allocated once, not per epoch.
 */
final class LastGoodEpoch implements TrainingListener {
    private final float[][] live;
    private final float[][] copies;
    private int epoch = -1;

    LastGoodEpoch(Network network) {
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

    /** Copies the network's state as that of a completed epoch. */
    void take(int completedEpoch) {
        for (int i = 0; i < live.length; i++) {
            System.arraycopy(live[i], 0, copies[i], 0, live[i].length);
        }
        epoch = completedEpoch;
    }

    @Override
    public void afterEpoch(Trainer trainer, Network network, EpochResult result, boolean lastOfFit) {
        take(result.epoch());
    }

    /** The epoch copied last, or −1 when none was. */
    int epoch() {
        return epoch;
    }

    /** Puts the copy back into the network. */
    void restore() {
        for (int i = 0; i < live.length; i++) {
            System.arraycopy(copies[i], 0, live[i], 0, live[i].length);
        }
    }
}
