package dev.vectorprop.train;

import dev.vectorprop.nn.Network;

/** Progress callbacks, called one at a time: on the thread that calls {@link Trainer#fit}, or with a pool on one of its threads. */
public interface TrainingListener {

    /** After each optimizer step. {@code batchLoss} follows the trainer's reduction. */
    default void onBatch(int epoch, int batch, int batches, double batchLoss, double smoothedLoss) {
    }

    /** After each epoch, validation included. */
    default void onEpoch(EpochResult result) {
    }

    /**
     * After {@link #onEpoch}, with the trainer and the network, between steps: the place to take a
     * checkpoint. {@code lastOfFit} is true for the final epoch of a {@link Trainer#fit} call.
     */
    default void afterEpoch(Trainer trainer, Network network, EpochResult result, boolean lastOfFit) {
    }
}
