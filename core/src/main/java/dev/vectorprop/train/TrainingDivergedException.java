package dev.vectorprop.train;

/** The loss or a gradient stopped being finite. The network keeps the weights from before that batch. */
public final class TrainingDivergedException extends RuntimeException {
    private final int epoch;
    private final int batch;
    private final String reason;

    /** Training diverged in {@code epoch} at {@code batch} (1-based); {@code what} says how. */
    public TrainingDivergedException(int epoch, int batch, String what) {
        super(what + " at epoch " + epoch + ", batch " + batch
                + "; the network keeps its weights from before this batch. Try a lower learning rate or scaled inputs.");
        this.epoch = epoch;
        this.batch = batch;
        this.reason = what;
    }

    /** What stopped being finite, e.g. "the loss became NaN". */
    public String reason() {
        return reason;
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }
}
