package dev.vectorprop.nn;

/** The weights a {@link Predictor} computes with. */
public enum Precision {
    /** The network's own {@code float} weights. */
    FP32,
    /**
     * Weights rounded to bfloat16 (8 significant bits, 2<sup>−8</sup> relative) and held in 16 bits for
     * one-row prediction, which is bound by reading them: about 2.5× faster on one row, with outputs
     * within about 10<sup>−3</sup> of {@link #FP32}'s. Activations and sums stay in {@code float}.
     */
    BF16
}
