package dev.vectorprop.nn;

/** How per-sample losses over a batch are combined. */
public enum Reduction {
    /** The mean over the batch: the learning rate does not depend on the batch size. */
    MEAN,
    /** The sum over the batch, as in the course notes' ½·Σ‖d − y‖². */
    SUM
}
