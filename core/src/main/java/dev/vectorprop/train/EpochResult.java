package dev.vectorprop.train;

/**
 * What one epoch measured. Losses follow the trainer's reduction (per sample for the mean, the total
 * for the sum) and include the L2 term; validation values are NaN when there is no validation set,
 * accuracy is NaN for regression.
 *
 * @param smoothedLoss the exponentially smoothed batch loss {@code Q := λ·L + (1 − λ)·Q} at the epoch's end
 * @param learningRate the optimizer's rate at the epoch's last step
 */
public record EpochResult(int epoch, double trainingLoss, double smoothedLoss, double validationLoss,
                          double validationAccuracy, double seconds, long samples, double learningRate) {

    public double samplesPerSecond() {
        return samples / seconds;
    }
}
