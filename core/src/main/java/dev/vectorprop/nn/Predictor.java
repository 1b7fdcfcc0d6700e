package dev.vectorprop.nn;

import dev.vectorprop.data.Scaler;
import dev.vectorprop.internal.Outputs;
import dev.vectorprop.kernel.Kernels;

import java.util.Arrays;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Thread-safe inference on a frozen copy of a trained network: any number of threads may call it at
 * once, and training the original network meanwhile does not disturb it. Each call borrows a
 * workspace from a pool (created on demand, one per concurrent caller at most; beyond
 * {@link #POOLED} idle ones, the surplus is left to the collector), so a steady stream of calls
 * into caller-owned arrays allocates nothing. A row's output does not depend on which thread
 * computes it, nor on the rows predicted with it.
 *
 * <p>A predictor of a {@link Model} ({@link Model#predictor()}) takes rows in the data's own units: the
 * model's input scaler is applied on the way in (to the predictor's own copy: the caller's rows are
 * never written), regression outputs come back in the target's units, and classes have names
 * ({@link #label}). A predictor of a bare network ({@link #of(Network)}) takes the rows the network
 * was trained on, as they are.
 */
public final class Predictor {
    /** Rows per workspace; larger requests run in chunks of this many rows. */
    public static final int CHUNK = 256;
    /** Idle workspaces kept at most: enough for every core of the machine twice over. */
    public static final int POOLED = 2 * Runtime.getRuntime().availableProcessors();

    private final Network network;
    private final Kernels kernels;
    private final Precision precision;
    /** Applied to every input row; null when the rows go in as they are. */
    private final Scaler inputScaler;
    /** Maps outputs back to the target's units; null when they come out as they are. */
    private final Scaler outputScaler;
    private final String[] classNames;
    private final String[] featureNames;
    /** Idle workspaces in fixed slots: unlike a queue, returning one allocates no node. */
    private final AtomicReferenceArray<Workspace> idle = new AtomicReferenceArray<>(POOLED);

    private Predictor(Network network, Kernels kernels, Precision precision, Model model) {
        this.network = network;
        this.kernels = kernels;
        this.precision = precision;
        this.inputScaler = model.inputScaler().isIdentity() ? null : model.inputScaler();
        this.outputScaler = model.isClassification() || model.targetScaler().isIdentity() ? null : model.targetScaler();
        this.classNames = model.classNames() == null ? null : model.classNames().clone();
        this.featureNames = model.featureNames() == null ? null : model.featureNames().clone();
    }

    /** A predictor over a snapshot of the network, in {@code float}, with the best kernels this JVM runs. */
    public static Predictor of(Network network) {
        return of(network, Kernels.auto(), Precision.FP32);
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
        return of(Model.of(network), kernels, precision);
    }

    static Predictor of(Model model, Kernels kernels, Precision precision) {
        Network network = model.network();
        float[] parameters = network.parameters();
        for (int i = 0; i < parameters.length; i++) {
            if (!Float.isFinite(parameters[i])) {
                throw new IllegalArgumentException("parameter " + i + " of the network is " + parameters[i]
                        + ": a network with a non-finite parameter cannot predict");
            }
        }
        Network snapshot = switch (precision) {
            case FP32 -> network.packedCopy(kernels);
            case BF16 -> network.bf16Copy().packedCopy(kernels); // batches multiply the rounded weights
        };
        return new Predictor(snapshot, kernels, precision, model);
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

    /** The outputs for one row of {@link #inputs()} values: class probabilities, or values in the target's units. */
    public float[] predict(float[] row) {
        checkRow(row.length);
        float[] out = new float[network.outputs()];
        run(row, null, 1, out);
        return out;
    }

    /** {@link #predict(float[])} for a row of doubles (a value beyond float's range is refused, naming it). */
    public float[] predict(double[] row) {
        checkRow(row.length);
        float[] out = new float[network.outputs()];
        run(null, row, 1, out);
        return out;
    }

    /**
     * Predicts {@code rows} rows of x (row-major, from offset 0) into out ({@code rows × outputs}),
     * allocating nothing. A non-finite input, or one the input scaling makes non-finite, is refused with
     * its row and column; out is then partly written.
     */
    public void predict(float[] x, int rows, float[] out) {
        checkBatch(x.length, rows, out);
        run(x, null, rows, out);
    }

    /** {@link #predict(float[], int, float[])} for rows of doubles. */
    public void predict(double[] x, int rows, float[] out) {
        checkBatch(x.length, rows, out);
        run(null, x, rows, out);
    }

    /** Predicts each row; a convenience over {@link #predict(float[], int, float[])}. */
    public float[][] predict(float[][] rows) {
        int in = network.inputs();
        float[] flat = new float[rows.length * in];
        for (int i = 0; i < rows.length; i++) {
            checkRow(i, rows[i].length);
            System.arraycopy(rows[i], 0, flat, i * in, in);
        }
        return unflatten(flat, null, rows.length);
    }

    /** Predicts each row of doubles. */
    public float[][] predict(double[][] rows) {
        int in = network.inputs();
        double[] flat = new double[rows.length * in];
        for (int i = 0; i < rows.length; i++) {
            checkRow(i, rows[i].length);
            System.arraycopy(rows[i], 0, flat, i * in, in);
        }
        return unflatten(null, flat, rows.length);
    }

    /** The index of the most likely class of one row. */
    public int classify(float[] row) {
        return classOf(predict(row), 0);
    }

    public int classify(double[] row) {
        return classOf(predict(row), 0);
    }

    /** The name of the most likely class of one row. */
    public String label(float[] row) {
        return className(classify(row));
    }

    public String label(double[] row) {
        return className(classify(row));
    }

    /** The name of the most likely class of each row. */
    public String[] labels(double[][] rows) {
        float[][] outputs = predict(rows);
        String[] labels = new String[rows.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = className(classOf(outputs[i], 0));
        }
        return labels;
    }

    /**
     * The most likely class of row {@code row} of outputs this predictor wrote: the largest output, or
     * for a single output whether it is above ½.
     */
    public int classOf(float[] outputs, int row) {
        return Outputs.classOf(outputs, row * network.outputs(), network.outputs());
    }

    /** The name of class {@code index}. */
    public String className(int index) {
        if (classNames == null) {
            throw new IllegalStateException("this predictor has no class names (a regression model, or a bare "
                    + "network): use classify for the class index");
        }
        return classNames[index];
    }

    private void checkRow(int length) {
        if (length != network.inputs()) {
            throw new IllegalArgumentException("a row needs " + network.inputs() + " values, got " + length);
        }
    }

    private void checkRow(int index, int length) {
        if (length != network.inputs()) {
            throw new IllegalArgumentException("row " + index + " has " + length + " values, the network takes "
                    + network.inputs());
        }
    }

    private void checkBatch(int length, int rows, float[] out) {
        if (rows <= 0 || length < (long) rows * network.inputs() || out.length < (long) rows * network.outputs()) {
            throw new IllegalArgumentException("predicting " + rows + " rows needs " + (long) rows * network.inputs()
                    + " inputs and room for " + (long) rows * network.outputs() + " outputs, got " + length + " and "
                    + out.length);
        }
    }

    private float[][] unflatten(float[] x, double[] doubles, int rows) {
        int width = network.outputs();
        float[] y = new float[rows * width];
        if (rows > 0) {
            run(x, doubles, rows, y);
        }
        float[][] out = new float[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(y, i * width, (i + 1) * width);
        }
        return out;
    }

    /** Predicts rows of x (floats) or of doubles, whichever is not null, chunk by chunk. */
    private void run(float[] x, double[] doubles, int rows, float[] out) {
        int in = network.inputs();
        int width = network.outputs();
        Workspace w = borrow();
        try {
            float[] input = w.input();
            for (int start = 0; start < rows; start += CHUNK) {
                int n = Math.min(CHUNK, rows - start);
                int from = start * in;
                if (x != null) {
                    System.arraycopy(x, from, input, 0, n * in);
                } else {
                    for (int i = 0; i < n * in; i++) {
                        input[i] = (float) doubles[from + i];
                    }
                }
                if (inputScaler != null) {
                    inputScaler.transform(input, 0, n * in);
                }
                for (int i = 0; i < n * in; i++) {
                    if (!Float.isFinite(input[i])) {
                        throw refused(from + i, x != null ? x[from + i] : doubles[from + i]);
                    }
                }
                float[] y = w.forward(kernels, n, false);
                System.arraycopy(y, 0, out, start * width, n * width);
                if (outputScaler != null) {
                    outputScaler.inverse(out, start * width, n * width);
                }
            }
        } finally {
            giveBack(w);
        }
    }

    /** Why the input at flat index {@code i}, whose raw value is {@code value}, cannot be predicted. */
    private IllegalArgumentException refused(int i, double value) {
        int column = i % network.inputs();
        String where = "row " + i / network.inputs() + ", column " + column
                + (featureNames != null ? " ('" + featureNames[column] + "')" : "");
        String why = Double.isNaN(value) || Double.isInfinite(value) ? "is " + value + ", not a finite number"
                : Math.abs(value) > Float.MAX_VALUE ? "is " + value + ", which overflows float (largest ±3.4e38)"
                : "is " + value + ", which the model's input scaling takes beyond float's range";
        return new IllegalArgumentException(where + " " + why);
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
}
