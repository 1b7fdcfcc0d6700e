package dev.vectorprop.nn;

import dev.vectorprop.internal.Shard;
import dev.vectorprop.kernel.Kernels;

import java.util.List;

/**
 * A network's {@link Shard}: everything one thread needs to run it on up to {@link #maxRows()} rows (the
 * input and target rows, each layer's buffers, a gradient array). Allocated once; a training step
 * allocates nothing. A workspace is used by one thread at a time.
 */
final class Workspace implements Shard {
    private final Network network;
    private final int maxRows;
    private final float[] input;
    private final float[] target;
    private final float[] gradients;
    final Layer.State[] states;
    /** The input each layer saw in the last forward pass, for its backward pass. */
    private final float[][] layerInputs;
    private float[] output;
    private int rows;
    /** Made on the first {@link #forwardSplit}: a predictor's workspace, reused by every call. */
    private ColumnTask columnTask;

    Workspace(Network network, int maxRows) {
        if (maxRows <= 0) {
            throw new IllegalArgumentException("a workspace needs at least one row, got " + maxRows);
        }
        this.network = network;
        this.maxRows = maxRows;
        List<Layer> layers = network.layers();
        input = new float[maxRows * network.inputs()];
        target = new float[maxRows * network.outputs()];
        gradients = new float[network.parameterCount()];
        states = new Layer.State[layers.size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = layers.get(i).newState(maxRows);
        }
        layerInputs = new float[layers.size()][];
    }

    @Override
    public int maxRows() {
        return maxRows;
    }

    @Override
    public float[] input() {
        return input;
    }

    @Override
    public float[] target() {
        return target;
    }

    @Override
    public float[] gradients() {
        return gradients;
    }

    /** The output of the last {@link #forward}, row-major {@code rows × outputs}. */
    float[] output() {
        return output;
    }

    @Override
    public void seedDropout(long seed) {
        for (int i = 0; i < states.length; i++) {
            if (states[i] instanceof Dropout.DropoutState s) {
                s.seed = seed * 0x9E3779B97F4A7C15L + i;
            }
        }
    }

    @Override
    public float[] forward(Kernels k, int rows, boolean training) {
        if (rows <= 0 || rows > maxRows) {
            throw new IllegalArgumentException("rows must be in 1.." + maxRows + ", got " + rows);
        }
        return forward(k, rows, training, null, null);
    }

    /**
     * {@link #forward} of one row, with each dense layer that {@code blocks} splits ({@code blocks[i]} not null)
     * run block by block on the team's threads; the other layers run on the caller's.
     */
    float[] forwardSplit(Kernels k, Team team, Dense.Columns[][] blocks) {
        if (columnTask == null) {
            columnTask = new ColumnTask();
        }
        float[] y = forward(k, 1, false, team, blocks);
        columnTask.set(null, null, null, null, null, null);
        return y;
    }

    /** The layers in turn, those that {@code blocks} splits (when not null) on the team. */
    private float[] forward(Kernels k, int rows, boolean training, Team team, Dense.Columns[][] blocks) {
        this.rows = rows;
        float[] parameters = network.parameters();
        List<Layer> layers = network.layers();
        float[] x = input;
        for (int i = 0; i < states.length; i++) {
            layerInputs[i] = x;
            if (blocks == null || blocks[i] == null) {
                x = layers.get(i).forward(k, states[i], rows, x, parameters, training);
            } else {
                Dense dense = (Dense) layers.get(i);
                columnTask.set(k, dense, states[i], x, parameters, blocks[i]);
                team.run(blocks[i].length, columnTask);
                x = dense.finishColumns(k, states[i]);
            }
        }
        output = x;
        return x;
    }

    /** One dense layer's blocks of columns as a team's task: part i is block i. */
    private static final class ColumnTask implements Team.Task {
        private Kernels k;
        private Dense dense;
        private Layer.State state;
        private float[] x;
        private float[] parameters;
        private Dense.Columns[] blocks;

        void set(Kernels k, Dense dense, Layer.State state, float[] x, float[] parameters, Dense.Columns[] blocks) {
            this.k = k;
            this.dense = dense;
            this.state = state;
            this.x = x;
            this.parameters = parameters;
            this.blocks = blocks;
        }

        @Override
        public void run(int part) {
            dense.forwardColumns(k, state, x, parameters, blocks[part]);
        }
    }

    @Override
    public double backward(Kernels k, Loss loss, Reduction reduction, int batchRows, float[] weights) {
        List<Layer> layers = network.layers();
        int last = states.length - 1;
        boolean fused = network.fusesOutputWith(loss);
        double value = loss.evaluate(k, rows, network.outputs(), output, target, states[last].delta, weights,
                reduction, batchRows, fused);
        float[] parameters = network.parameters();
        for (int i = last; i >= 0; i--) {
            float[] dx = i > 0 ? states[i - 1].delta : null;
            layers.get(i).backward(k, states[i], rows, layerInputs[i], parameters, gradients, dx, fused && i == last);
        }
        return value;
    }

    @Override
    public double loss(Kernels k, Loss loss, Reduction reduction, int batchRows, float[] weights) {
        return loss.evaluate(k, rows, network.outputs(), output, target, null, weights, reduction, batchRows, false);
    }
}
