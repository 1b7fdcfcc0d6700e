package dev.vectorprop.train;

import dev.vectorprop.nn.Network;

/**
 * Stops training when the validation loss (or accuracy) has not improved by more than {@code minDelta} for
 * {@code patience} epochs, and puts the best epoch's weights and batch-norm statistics back at the end of
 * the fit. Give it to {@link Trainer.Builder#earlyStopping}; it keeps state, so use one per trainer. Its
 * state is not in {@link Trainer.Progress}: a run resumed from a checkpoint starts watching afresh.
 */
public final class EarlyStopping {
    /** What improves: the validation loss going down, or the validation accuracy going up. */
    public enum Monitor { LOSS, ACCURACY }

    private final int patience;
    private final Monitor monitor;
    private final double minDelta;
    private Snapshot best;
    private int bestEpoch;
    private double bestValue;
    private int stale;

    public EarlyStopping(int patience, Monitor monitor, double minDelta) {
        if (patience <= 0) {
            throw new IllegalArgumentException("early-stopping patience must be positive, got " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("min-delta must be zero or positive and finite, got " + minDelta);
        }
        this.patience = patience;
        this.monitor = monitor;
        this.minDelta = minDelta;
    }

    public Monitor monitor() {
        return monitor;
    }

    /** The epoch whose weights the network has after the fit, 0 before any epoch ended. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** After an epoch: keeps its weights if it is the best so far; whether to stop. */
    boolean epochEnded(Network network, EpochResult result) {
        // lower is better for both: accuracy is negated
        double value = monitor == Monitor.LOSS ? result.validationLoss() : -result.validationAccuracy();
        if (best == null) {
            best = new Snapshot(network);
        }
        if (bestEpoch == 0 || value < bestValue - minDelta) {
            bestValue = value;
            bestEpoch = result.epoch();
            stale = 0;
            best.take();
            return false;
        }
        return ++stale >= patience;
    }

    /** Puts the best epoch's state back into the network. */
    void restoreBest() {
        if (best != null) {
            best.restore();
        }
    }
}
