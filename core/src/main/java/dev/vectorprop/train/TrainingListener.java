package dev.vectorprop.train;

/** Progress callbacks, called on the thread that runs {@link Trainer#fit}. */
public interface TrainingListener {

    /** After each optimizer step. {@code batchLoss} follows the trainer's reduction. */
    default void onBatch(int epoch, int batch, int batches, double batchLoss, double smoothedLoss) {
    }

    /** After each epoch, validation included. */
    default void onEpoch(EpochResult result) {
    }
}
