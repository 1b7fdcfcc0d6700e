package dev.vectorprop.samples;

import dev.vectorprop.nn.Network;
import dev.vectorprop.train.EpochResult;
import dev.vectorprop.train.Snapshot;
import dev.vectorprop.train.TrainingListener;

/**
 * A copy of the network's state (parameters and batch-norm statistics) after the last completed epoch, so
 * that a run that diverges can still save good weights.
 */
final class LastGoodEpoch implements TrainingListener {
    private final Snapshot snapshot;
    private int epoch = -1;

    LastGoodEpoch(Network network) {
        snapshot = new Snapshot(network);
    }

    /** Copies the network's state as that of a completed epoch. */
    void take(int completedEpoch) {
        snapshot.take();
        epoch = completedEpoch;
    }

    @Override // onEpoch, not afterEpoch: a training backend other than the trainer tells it too
    public void onEpoch(EpochResult result) {
        take(result.epoch());
    }

    /** The epoch copied last, or −1 when none was. */
    int epoch() {
        return epoch;
    }

    /** Puts the copy back into the network. */
    void restore() {
        snapshot.restore();
    }
}
