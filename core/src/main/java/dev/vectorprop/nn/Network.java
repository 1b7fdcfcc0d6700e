package dev.vectorprop.nn;

import dev.vectorprop.internal.NetworkAccess;
import dev.vectorprop.internal.Shard;
import dev.vectorprop.kernel.Bf16Matrix;
import dev.vectorprop.kernel.Kernels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * A feed-forward network: a list of layers whose parameters all live in one {@code float[]}, each
 * layer's weights and biases being a range of it. Build one with {@link #builder(int)}.
 *
 * <p>For inference from many threads, take a {@link Predictor}: a frozen copy that any number of
 * threads may call while this network goes on training.
 */
public final class Network {
    static {
        NetworkAccess.register(new NetworkAccess.Operations() {
            @Override
            public Shard newShard(Network network, int maxRows) {
                return network.newWorkspace(maxRows);
            }

            @Override
            public double afterGradients(Network network, Kernels k, float l2, float[] gradients, int from, int to) {
                return network.afterGradients(k, l2, gradients, from, to);
            }

            @Override
            @SuppressWarnings("unchecked") // every shard of a network is one of its workspaces
            public void afterStep(Network network, List<Shard> shards) {
                network.afterStep((List<Workspace>) (List<?>) shards);
            }
        });
    }

    private final int inputs;
    private final List<Layer> layers;
    private final float[] parameters;

    private Network(int inputs, List<Layer> layers) {
        this.inputs = inputs;
        this.layers = Collections.unmodifiableList(layers);
        int offset = 0;
        for (Layer layer : layers) {
            layer.parameterOffset = offset;
            offset += layer.parameterCount();
        }
        this.parameters = new float[offset];
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
     * A training step's hook once the batch's gradients of parameters {@code [from, to)} are summed: each
     * layer adds its own terms to them (L2 weight decay, {@code l2 · W} on dense weights) unless gradients
     * is null, and the penalty those terms add to the loss, {@code l2/2 · ‖W‖²}, is returned.
     */
    double afterGradients(Kernels k, float l2, float[] gradients, int from, int to) {
        double penalty = 0;
        for (int i = 0; i < layers.size(); i++) {
            penalty += layers.get(i).afterGradients(k, l2, parameters, gradients, from, to);
        }
        return penalty;
    }

    /**
     * A training step's hook after its update: each layer folds what its states in the workspaces of the
     * step's training passes measured into the model (batch norm's running statistics).
     */
    void afterStep(List<Workspace> workspaces) {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).afterStep(workspaces, i);
        }
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

    /** An independent copy: same layers, parameters and batch-norm statistics; training one leaves the other. */
    public Network copy() {
        return copy(layers.size(), Layer::copy);
    }

    /**
     * A copy of the first {@code count} layers alone, with their parameters and batch-norm statistics: it
     * computes what this network's layer {@code count} takes as input (e.g. for layer-wise pretraining).
     */
    public Network prefix(int count) {
        if (count < 1 || count > layers.size()) {
            throw new IllegalArgumentException("a prefix of " + this + " has 1 to " + layers.size() + " layers, not " + count);
        }
        return copy(count, Layer::copy);
    }

    /** A network of the given copies of the first {@code count} layers, with their parameters. */
    private Network copy(int count, UnaryOperator<Layer> copyOf) {
        List<Layer> copies = new ArrayList<>(count);
        for (Layer layer : layers.subList(0, count)) {
            copies.add(copyOf.apply(layer));
        }
        Network copy = new Network(inputs, copies);
        // layers' parameters lie one after another, so the first layers' are the array's first values
        System.arraycopy(parameters, 0, copy.parameters, 0, copy.parameters.length);
        return copy;
    }

    /**
     * A copy for prediction in bfloat16: each dense layer's weights are packed into a {@link Bf16Matrix}
     * for one-row products, and the copy's {@code float} weights are set to the packed values, so batch
     * products compute with the same weights.
     */
    Network bf16Copy() {
        Network copy = copy(layers.size(), layer -> layer instanceof Dense d ? d.withBf16(Bf16Matrix.of(d.inputs(), d.outputs(),
                parameters, d.weightOffset(), d.outputs())) : layer.copy());
        for (Layer layer : copy.layers) {
            if (layer instanceof Dense d) {
                d.bf16().decodeInto(copy.parameters, d.weightOffset(), d.outputs());
            }
        }
        return copy;
    }

    /** A copy whose dense layers multiply batches by their weights packed once by {@code kernels}: a predictor's. */
    Network packedCopy(Kernels kernels) {
        return copy(layers.size(), layer -> layer instanceof Dense d ? d.withPacked(kernels.pack(d.inputs(), d.outputs(),
                parameters, d.weightOffset(), d.outputs())) : layer.copy());
    }

    /** A workspace for up to {@code maxRows} rows, for training or prediction on one thread. */
    Workspace newWorkspace(int maxRows) {
        return new Workspace(this, maxRows);
    }

    @Override
    public String toString() {
        return "Network" + layers;
    }

    /**
     * A multilayer perceptron of these layer widths, input to output: each hidden layer dense with {@code hidden}
     * (or dense, batch norm, then {@code hidden}), then dropout at its rate (one rate for every hidden layer, or one
     * each; none when empty or 0); the last layer dense with {@code output}. A null initializer is each
     * activation's own. What the command line and the Spark estimators build from their options.
     */
    public static Network mlp(int[] widths, Activation hidden, Activation output, boolean batchNorm, float[] dropout,
                              Initializer initializer, long seed) {
        int hiddenLayers = widths.length - 2;
        if (hiddenLayers < 0) {
            throw new IllegalArgumentException("a network needs at least an input and an output width, got "
                    + java.util.Arrays.toString(widths));
        }
        if (dropout.length > 1 && dropout.length != hiddenLayers) {
            throw new IllegalArgumentException(dropout.length + " dropout rates for " + hiddenLayers + " hidden layers: "
                    + "give one rate, or one per hidden layer");
        }
        Builder builder = builder(widths[0]).seed(seed);
        for (int i = 1; i <= hiddenLayers; i++) {
            if (batchNorm) {
                builder.dense(widths[i], Activation.IDENTITY, initializer(initializer, hidden)).batchNorm(hidden);
            } else {
                builder.dense(widths[i], hidden, initializer(initializer, hidden));
            }
            float rate = dropout.length == 0 ? 0 : dropout[dropout.length == 1 ? 0 : i - 1];
            if (rate != 0) {
                builder.dropout(rate);
            }
        }
        return builder.dense(widths[hiddenLayers + 1], output, initializer(initializer, output)).build();
    }

    private static Initializer initializer(Initializer chosen, Activation activation) {
        return chosen != null ? chosen : activation.defaultInitializer();
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
