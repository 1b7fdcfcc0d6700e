package dev.vectorprop.nn;

import dev.vectorprop.kernel.Kernels;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Thread-safe inference on a frozen copy of a trained network: any number of threads may call it at
 * once, and training the original network meanwhile does not disturb it. Each call borrows a
 * workspace from a pool (created on demand, one per concurrent caller at most; beyond
 * {@link #POOLED} idle ones, the surplus is left to the collector), so a steady stream of calls
 * into caller-owned arrays allocates nothing. A row's output does not depend on which thread
 * computes it, nor on the rows predicted with it.
 */
public final class Predictor {
    /** Rows per workspace; larger requests run in chunks of this many rows. */
    public static final int CHUNK = 256;
    /** Idle workspaces kept at most: enough for every core of the machine twice over. */
    public static final int POOLED = 2 * Runtime.getRuntime().availableProcessors();

    private final Network network;
    private final Kernels kernels;
    private final Precision precision;
    /** Idle workspaces in fixed slots: unlike a queue, returning one allocates no node. */
    private final AtomicReferenceArray<Workspace> idle = new AtomicReferenceArray<>(POOLED);

    private Predictor(Network network, Kernels kernels, Precision precision) {
        this.network = network;
        this.kernels = kernels;
        this.precision = precision;
    }

    /** A predictor over a snapshot of the network's current parameters and statistics, in {@code float}. */
    public static Predictor of(Network network, Kernels kernels) {
        return of(network, kernels, Precision.FP32);
    }

    /**
     * A predictor over a snapshot of the network, computing with weights of the given precision. In
     * {@link Precision#BF16} every row, alone or in a batch, is computed with the bfloat16-rounded
     * weights, and gives the same bits either way.
     *
     * @throws IllegalArgumentException if a parameter is NaN or infinite (it would make every output NaN)
     */
    public static Predictor of(Network network, Kernels kernels, Precision precision) {
        float[] parameters = network.parameters();
        for (int i = 0; i < parameters.length; i++) {
            if (!Float.isFinite(parameters[i])) {
                throw new IllegalArgumentException("parameter " + i + " of the network is " + parameters[i]
                        + ": a network with a non-finite parameter cannot predict");
            }
        }
        Network snapshot = switch (precision) {
            case FP32 -> network.copy();
            case BF16 -> network.bf16Copy();
        };
        return new Predictor(snapshot, kernels, precision);
    }

    public Precision precision() {
        return precision;
    }

    public Kernels kernels() {
        return kernels;
    }

    public int inputs() {
        return network.inputs();
    }

    public int outputs() {
        return network.outputs();
    }

    /** The outputs for one row of {@link #inputs()} values. */
    public float[] predict(float[] row) {
        if (row.length != network.inputs()) {
            throw new IllegalArgumentException("a row needs " + network.inputs() + " values, got " + row.length);
        }
        float[] out = new float[network.outputs()];
        predict(row, 1, out);
        return out;
    }

    /**
     * Predicts {@code rows} rows of x (row-major, from offset 0) into out ({@code rows × outputs}).
     * Non-finite inputs are rejected with their row and column.
     */
    public void predict(float[] x, int rows, float[] out) {
        int in = network.inputs();
        int width = network.outputs();
        if (rows <= 0 || x.length < (long) rows * in || out.length < (long) rows * width) {
            throw new IllegalArgumentException("predicting " + rows + " rows needs " + (long) rows * in
                    + " inputs and room for " + (long) rows * width + " outputs, got " + x.length + " and " + out.length);
        }
        for (int i = 0; i < rows * in; i++) {
            if (!Float.isFinite(x[i])) {
                throw new IllegalArgumentException("input at row " + i / in + ", column " + i % in + " is " + x[i]);
            }
        }
        Workspace w = borrow();
        try {
            for (int start = 0; start < rows; start += CHUNK) {
                int n = Math.min(CHUNK, rows - start);
                System.arraycopy(x, start * in, w.input(), 0, n * in);
                float[] y = w.forward(kernels, n, false);
                System.arraycopy(y, 0, out, start * width, n * width);
            }
        } finally {
            giveBack(w);
        }
    }

    private Workspace borrow() {
        for (int i = 0; i < POOLED; i++) {
            Workspace w = idle.get(i);
            if (w != null && idle.compareAndSet(i, w, null)) {
                return w;
            }
        }
        return network.newWorkspace(CHUNK);
    }

    private void giveBack(Workspace w) {
        for (int i = 0; i < POOLED; i++) {
            if (idle.get(i) == null && idle.compareAndSet(i, null, w)) {
                return;
            }
        }
    }

    /** Predicts each row; a convenience over {@link #predict(float[], int, float[])}. */
    public float[][] predict(float[][] rows) {
        int in = network.inputs();
        float[] flat = new float[rows.length * in];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != in) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, the network takes "
                        + in);
            }
            System.arraycopy(rows[i], 0, flat, i * in, in);
        }
        float[] y = new float[rows.length * network.outputs()];
        predict(flat, rows.length, y);
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = java.util.Arrays.copyOfRange(y, i * network.outputs(), (i + 1) * network.outputs());
        }
        return out;
    }

    /** The most likely class of one row. */
    public int classify(float[] row) {
        return classOf(predict(row), 0, network.outputs());
    }

    /** The index of the largest of {@code width} values, or for one output whether it is above ½. */
    public static int classOf(float[] values, int offset, int width) {
        if (width == 1) {
            return values[offset] > 0.5f ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < width; j++) {
            if (values[offset + j] > values[offset + best]) {
                best = j;
            }
        }
        return best;
    }
}
