package dev.vectorprop.train;

/** Progress callbacks, called one at a time: on the thread that calls {@link Trainer#fit}, or with a pool on one of its threads. */
public interface TrainingListener {

    /** After each optimizer step. {@code batchLoss} follows the trainer's reduction. */
    default void onBatch(int epoch, int batch, int batches, double batchLoss, double smoothedLoss) {
    }

    /** After each epoch, validation included. */
    default void onEpoch(EpochResult result) {
    }
}
