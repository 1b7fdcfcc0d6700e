package dev.vectorprop.nn;

/** The weights a {@link Predictor} computes with. */
public enum Precision {
    /** The network's own {@code float} weights. */
    FP32,
    /**
     * Weights rounded to bfloat16 (8 significant bits, 2<sup>−8</sup> relative) and held in 16 bits for
     * one-row prediction, which is bound by reading them: about half {@link #FP32}'s one-row latency, with
     * outputs within about 10<sup>−3</sup> of its outputs. Activations and sums stay in {@code float}. The
     * predictor keeps the rounded weights in {@code float} too, for batches: 1.5× the weights' memory.
     */
    BF16
}
