package dev.vectorprop.internal;

import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Reduction;

/**
 * What the trainer runs one shard of a batch on: a network's workspace for up to {@link #maxRows()} rows
 * (its inputs, targets, every layer's buffers and a gradient array), used by one thread at a time.
 * Allocated once; a step allocates nothing.
 */
public interface Shard {
    int maxRows();

    /** The input rows, row-major {@code rows × inputs}: fill before {@link #forward}. */
    float[] input();

    /** The target rows, row-major {@code rows × outputs}: fill before {@link #backward}. */
    float[] target();

    /** The parameter gradients of the last {@link #backward}, laid out like the network's parameters. */
    float[] gradients();

    /** Sets the seed the dropout masks of the next training pass are drawn from. */
    void seedDropout(long seed);

    /** Runs the network on the first {@code rows} rows of {@link #input()} and returns the output. */
    float[] forward(Kernels k, int rows, boolean training);

    /**
     * After a training {@link #forward}: the loss against {@link #target()}, back-propagated into
     * {@link #gradients()}; returns this shard's share of the batch loss ({@code batchRows} is the whole
     * batch's size, which the mean reduction divides by); {@code weights} holds each row's weight, or is null.
     */
    double backward(Kernels k, Loss loss, Reduction reduction, int batchRows, float[] weights);

    /** The loss of the last forward pass against {@link #target()}, without gradients; weights as above. */
    double loss(Kernels k, Loss loss, Reduction reduction, int batchRows, float[] weights);
}
