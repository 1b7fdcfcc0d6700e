package dev.vectorprop.nn;

import dev.vectorprop.kernel.Kernels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A feed-forward network: a list of layers whose parameters all live in one {@code float[]}, each
 * layer's weights and biases being a range of it. Build one with {@link #builder(int)}.
 *
 * <p>{@link #predict} is thread-safe: concurrent callers each borrow their own workspace. Training
 * (which writes the parameters) must not run at the same time as prediction on the same network.
 */
public final class Network {
    /** Rows per borrowed prediction workspace; larger inputs are predicted in chunks of this size. */
    private static final int PREDICT_CHUNK = 256;

    private final int inputs;
    private final List<Layer> layers;
    private final float[] parameters;
    private final List<int[]> decayedRanges;
    private final ConcurrentLinkedQueue<Workspace> idleWorkspaces = new ConcurrentLinkedQueue<>();

    private Network(int inputs, List<Layer> layers) {
        this.inputs = inputs;
        this.layers = Collections.unmodifiableList(layers);
        int offset = 0;
        List<int[]> decayed = new ArrayList<>();
        for (Layer layer : layers) {
            layer.parameterOffset = offset;
            offset += layer.parameterCount();
            layer.decayedRanges(decayed);
        }
        this.parameters = new float[offset];
        this.decayedRanges = Collections.unmodifiableList(decayed);
    }

    public static Builder builder(int inputs) {
        return new Builder(inputs);
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return layers.getLast().outputs();
    }

    public List<Layer> layers() {
        return layers;
    }

    /** The live parameter array: every layer's weights and biases (see each layer's offsets). */
    public float[] parameters() {
        return parameters;
    }

    public int parameterCount() {
        return parameters.length;
    }

    /**
     * L2 weight decay over the weights (not biases): returns {@code l2/2 · ‖W‖²} and, when gradients
     * is not null, adds its gradient {@code l2 · W} to them.
     */
    public double weightDecay(Kernels k, float l2, float[] gradients) {
        return weightDecay(k, l2, gradients, 0, parameters.length);
    }

    /** {@link #weightDecay(Kernels, float, float[])} restricted to parameters {@code [from, to)}. */
    public double weightDecay(Kernels k, float l2, float[] gradients, int from, int to) {
        double penalty = 0;
        for (int[] range : decayedRanges) {
            int start = Math.max(from, range[0]);
            int n = Math.min(to, range[0] + range[1]) - start;
            if (n > 0) {
                penalty += 0.5 * l2 * k.dot(n, parameters, start, parameters, start);
                if (gradients != null) {
                    k.axpy(n, l2, parameters, start, gradients, start);
                }
            }
        }
        return penalty;
    }

    /** The activation of the last layer that has one (dropout passes its input through). */
    public Activation outputActivation() {
        for (Layer layer : layers.reversed()) {
            if (layer instanceof Dense d) {
                return d.activation();
            }
            if (layer instanceof BatchNorm b) {
                return b.activation();
            }
        }
        return Activation.IDENTITY;
    }

    /** True when the loss's gradient is taken straight to the logits of a softmax output layer. */
    boolean fusesOutputWith(Loss loss) {
        return layers.getLast() instanceof Dense d && loss.fusesWith(d.activation());
    }

    /** The i-th layer, which must be dense. */
    public Dense dense(int index) {
        if (!(layers.get(index) instanceof Dense d)) {
            throw new IllegalArgumentException("layer " + index + " is " + layers.get(index) + ", not a dense layer");
        }
        return d;
    }

    /** Sets the weights (inputs × outputs) and biases of dense layer {@code index}. */
    public void setDense(int index, float[][] weights, float[] bias) {
        Dense d = dense(index);
        if (weights.length != d.inputs() || bias.length != d.outputs()) {
            throw new IllegalArgumentException("layer " + index + " needs " + d.inputs() + "×" + d.outputs()
                    + " weights and " + d.outputs() + " biases, got " + weights.length + "×"
                    + (weights.length == 0 ? 0 : weights[0].length) + " and " + bias.length);
        }
        for (int i = 0; i < weights.length; i++) {
            if (weights[i].length != d.outputs()) {
                throw new IllegalArgumentException("row " + i + " of the weights of layer " + index + " has "
                        + weights[i].length + " values, needs " + d.outputs());
            }
            System.arraycopy(weights[i], 0, parameters, d.weightOffset() + i * d.outputs(), d.outputs());
        }
        System.arraycopy(bias, 0, parameters, d.biasOffset(), bias.length);
    }

    /** A workspace for up to {@code maxRows} rows, for training or prediction on one thread. */
    public Workspace newWorkspace(int maxRows) {
        return new Workspace(this, maxRows);
    }

    /** Folds the batch statistics the workspaces' last training passes measured into the model. */
    public void commitStatistics(List<Workspace> workspaces) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof BatchNorm norm) {
                List<Layer.State> states = new ArrayList<>(workspaces.size());
                for (Workspace w : workspaces) {
                    states.add(w.states[i]);
                }
                norm.commitStatistics(states);
            }
        }
    }

    /**
     * Predicts {@code rows} rows of x (row-major {@code rows × inputs}, from offset 0) and returns the
     * outputs, row-major {@code rows × outputs}. Thread-safe.
     */
    public float[] predict(Kernels k, float[] x, int rows) {
        if (rows <= 0) {
            throw new IllegalArgumentException("rows must be positive, got " + rows);
        }
        if (x.length < (long) rows * inputs) {
            throw new IllegalArgumentException("predicting " + rows + " rows of " + inputs + " inputs needs "
                    + (long) rows * inputs + " values, got " + x.length);
        }
        float[] out = new float[rows * outputs()];
        Workspace w = idleWorkspaces.poll();
        if (w == null) {
            w = newWorkspace(PREDICT_CHUNK);
        }
        try {
            for (int start = 0; start < rows; start += PREDICT_CHUNK) {
                int n = Math.min(PREDICT_CHUNK, rows - start);
                System.arraycopy(x, start * inputs, w.input(), 0, n * inputs);
                float[] y = w.forward(k, n, false);
                System.arraycopy(y, 0, out, start * outputs(), n * outputs());
            }
        } finally {
            idleWorkspaces.offer(w);
        }
        return out;
    }

    /** Predicts each row; a convenience over {@link #predict(Kernels, float[], int)}. */
    public float[][] predict(Kernels k, float[][] rows) {
        float[] flat = new float[rows.length * inputs];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != inputs) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, the network takes "
                        + inputs);
            }
            System.arraycopy(rows[i], 0, flat, i * inputs, inputs);
        }
        float[] y = predict(k, flat, rows.length);
        float[][] out = new float[rows.length][outputs()];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(y, i * outputs(), out[i], 0, outputs());
        }
        return out;
    }

    @Override
    public String toString() {
        return "Network" + layers;
    }

    /** Builds a network layer by layer, from its input width. */
    public static final class Builder {
        private final int inputs;
        private final List<Layer> layers = new ArrayList<>();
        private long seed = 0;
        private int width;

        private Builder(int inputs) {
            if (inputs <= 0) {
                throw new IllegalArgumentException("a network needs at least one input, got " + inputs);
            }
            this.inputs = inputs;
            this.width = inputs;
        }

        /** A dense layer with the initializer that suits its activation (He for ReLU, else Glorot). */
        public Builder dense(int units, Activation activation) {
            return dense(units, activation, activation.defaultInitializer());
        }

        public Builder dense(int units, Activation activation, Initializer initializer) {
            return add(new Dense(width, units, activation, initializer));
        }

        public Builder dropout(float rate) {
            return add(new Dropout(width, rate));
        }

        /** Batch normalization of the previous layer's output, then {@code activation}. */
        public Builder batchNorm(Activation activation) {
            return add(new BatchNorm(width, activation));
        }

        /** The seed the initial weights are drawn from. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        private Builder add(Layer layer) {
            layers.add(layer);
            width = layer.outputs();
            return this;
        }

        public Network build() {
            if (layers.isEmpty()) {
                throw new IllegalStateException("a network needs at least one layer");
            }
            Network network = new Network(inputs, new ArrayList<>(layers));
            SplittableRandom random = new SplittableRandom(seed);
            for (Layer layer : network.layers) {
                layer.initialize(network.parameters, random.split());
            }
            return network;
        }
    }
}
