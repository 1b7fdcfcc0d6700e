package dev.vectorprop.nn;

import dev.vectorprop.kernel.Kernels;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One stage of a network: a pair of plain functions, {@link #forward} and {@link #backward}, over a
 * batch of rows. A layer holds no per-batch data itself: that lives in a {@link State} per workspace,
 * so many workspaces (shards, prediction threads) can run the same layer at once.
 */
public abstract sealed class Layer permits Dense, Dropout, BatchNorm {
    final int inputs;
    final int outputs;
    /** Where this layer's parameters start in the network's one parameter array. */
    int parameterOffset;

    Layer(int inputs, int outputs) {
        if (inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException("layer widths must be positive, got " + inputs + " → " + outputs);
        }
        this.inputs = inputs;
        this.outputs = outputs;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    /** How many trainable floats this layer owns in the network's parameter array. */
    public abstract int parameterCount();

    public int parameterOffset() {
        return parameterOffset;
    }

    /**
     * Training's hook once the batch's gradients of parameters {@code [from, to)} are summed: adds this
     * layer's own terms there, i.e. L2 weight decay {@code l2 · W} on its weights (not biases) when
     * gradients is not null, and returns the penalty they add to the loss, {@code l2/2 · ‖W‖²}. None by default.
     */
    double afterGradients(Kernels k, float l2, float[] parameters, float[] gradients, int from, int to) {
        return 0;
    }

    abstract void initialize(float[] parameters, SplittableRandom random);

    /** An independent layer of the same kind and shape, with a copy of any model state it holds. */
    abstract Layer copy();

    /**
     * Training's hook once per step, after the update: folds what this layer's state in each of the
     * step's workspaces (their {@code states[index]}) measured into the model. Nothing by default.
     */
    void afterStep(List<Workspace> workspaces, int index) {
    }

    /** Buffers for up to {@code maxRows} rows. */
    abstract State newState(int maxRows);

    /** Runs the layer on {@code rows} rows of x ({@code rows×inputs}) and returns its output ({@code rows×outputs}). */
    abstract float[] forward(Kernels k, State state, int rows, float[] x, float[] parameters, boolean training);

    /**
     * Given ∂L/∂output in {@code state.delta}, writes this layer's parameter gradients into grads and,
     * when dx is not null, ∂L/∂x into dx. {@code deltaIsPreActivation} says that delta already holds
     * ∂L/∂z (a softmax output fused with cross-entropy).
     */
    abstract void backward(Kernels k, State state, int rows, float[] x, float[] parameters, float[] grads,
                           float[] dx, boolean deltaIsPreActivation);

    /** Per-workspace buffers of one layer. {@code delta} receives ∂L/∂output from the layer above. */
    abstract static class State {
        final float[] delta;

        State(int size) {
            delta = new float[size];
        }
    }
}
