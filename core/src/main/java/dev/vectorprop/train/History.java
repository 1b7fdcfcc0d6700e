package dev.vectorprop.train;

import java.util.List;

/** Every epoch's result, and why training stopped. */
public record History(List<EpochResult> epochs, StopReason stopReason) {

    public enum StopReason {
        /** Ran all the epochs asked for. */
        COMPLETED,
        /** The smoothed loss changed by less than the convergence tolerance over an epoch. */
        CONVERGED,
        /** The validation figures stopped improving (see {@link EarlyStopping}). */
        EARLY_STOPPING,
        /** {@link Trainer#cancel()} or a thread interrupt, between two batches. */
        CANCELLED,
        /** {@link Trainer#fitSteps} took the steps asked for. */
        STEPS
    }

    public EpochResult last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch finished");
        }
        return epochs.getLast();
    }
}
