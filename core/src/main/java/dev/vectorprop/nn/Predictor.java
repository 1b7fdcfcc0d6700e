package dev.vectorprop.nn;

import dev.vectorprop.data.Scaler;
import dev.vectorprop.internal.Outputs;
import dev.vectorprop.kernel.Bf16Matrix;
import dev.vectorprop.kernel.Kernels;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
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
    /** The narrowest block of columns a {@link #withThreads} predictor gives a thread. */
    static final int MIN_BLOCK_COLUMNS = 64;
    /** Where blocks of columns are cut: whole groups of the bfloat16 weights' words. */
    static final int BLOCK_ALIGNMENT = Bf16Matrix.GROUP;
    /** The smallest layer (inputs × outputs) split across threads: about 2 µs of streaming, worth a hand-over. */
    static final int MIN_SPLIT_WEIGHTS = 32_768;
    /** The fewest rows a batch needs to be split across threads. */
    static final int MIN_SPLIT_ROWS = 32;
    /**
     * Idle workspaces kept at most: enough for every core of the machine twice over (for a {@link #withThreads}
     * predictor, at least twice its threads).
     */
    public static final int POOLED = 2 * Runtime.getRuntime().availableProcessors();
    /** The most threads {@link #withThreads} takes. */
    public static final int MAX_THREADS = 256;

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
    private final AtomicReferenceArray<Workspace> idle;
    /** The threads a call may use beyond the caller's ({@link #withThreads}); null for the caller's alone. */
    private final Team team;
    /** Per layer, the blocks of columns one row's product is split into, or null where the layer runs whole. */
    private final Dense.Columns[][] blocks;
    /** Whether {@link #blocks} splits any layer, i.e. one row runs on more than one thread. */
    private final boolean splitsRow;
    /** A batch's rows as a task for the team (used by the one caller holding it). */
    private final RowsTask rowsTask = new RowsTask();

    private Predictor(Network network, Kernels kernels, Precision precision, Model model) {
        this.network = network;
        this.kernels = kernels;
        this.precision = precision;
        this.inputScaler = model.inputScaler().isIdentity() ? null : model.inputScaler();
        this.outputScaler = model.isClassification() || model.targetScaler().isIdentity() ? null : model.targetScaler();
        this.classNames = model.classNames() == null ? null : model.classNames().clone();
        this.featureNames = model.featureNames() == null ? null : model.featureNames().clone();
        this.idle = new AtomicReferenceArray<>(POOLED);
        this.team = null;
        this.blocks = null;
        this.splitsRow = false;
    }

    private Predictor(Predictor base, int threads) {
        this.network = base.network;
        this.kernels = base.kernels;
        this.precision = base.precision;
        this.inputScaler = base.inputScaler;
        this.outputScaler = base.outputScaler;
        this.classNames = base.classNames;
        this.featureNames = base.featureNames;
        // each part of a batch borrows a workspace: a pool smaller than the team would allocate them at every call
        this.idle = new AtomicReferenceArray<>(Math.max(POOLED, 2 * threads));
        this.team = threads > 1 ? new Team(threads - 1, this) : null;
        this.blocks = threads > 1 ? split(network, threads) : null;
        this.splitsRow = blocks != null && Arrays.stream(blocks).anyMatch(Objects::nonNull);
    }

    /**
     * Each dense layer's blocks of columns for {@code threads} threads: as many blocks as threads, but none narrower
     * than {@value #MIN_BLOCK_COLUMNS} columns, cut at multiples of {@value #BLOCK_ALIGNMENT} (whole bfloat16 groups);
     * null for a layer too small to pay for the hand-over (below {@value #MIN_SPLIT_WEIGHTS} weights) or too narrow.
     */
    private static Dense.Columns[][] split(Network network, int threads) {
        List<Layer> layers = network.layers();
        Dense.Columns[][] blocks = new Dense.Columns[layers.size()][];
        for (int i = 0; i < blocks.length; i++) {
            if (!(layers.get(i) instanceof Dense dense)) {
                continue;
            }
            int n = dense.outputs();
            int parts = Math.min(threads, n / MIN_BLOCK_COLUMNS);
            if (parts < 2 || (long) dense.inputs() * n < MIN_SPLIT_WEIGHTS) {
                continue;
            }
            blocks[i] = new Dense.Columns[parts];
            int from = 0;
            for (int part = 0; part < parts; part++) {
                int to = part == parts - 1 ? n
                        : (int) ((long) n * (part + 1) / parts / BLOCK_ALIGNMENT * BLOCK_ALIGNMENT);
                blocks[i][part] = dense.columns(network.parameters(), from, to);
                from = to;
            }
        }
        return blocks;
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

    /**
     * A predictor over the same snapshot whose every call may use {@code threads} threads: the caller's and
     * {@code threads − 1} helpers of its own. One row is split by columns, each dense layer wide enough into
     * blocks of at least {@value #MIN_BLOCK_COLUMNS} columns, each thread multiplying its own block (a copy of
     * those columns, which stays in that core's cache from call to call); a batch of at least
     * {@value #MIN_SPLIT_ROWS} rows is split by rows. Every output has the same bits as with one thread.
     *
     * <p>For the latency of a call, not a server's throughput: the helpers spin for 200 µs after each call
     * (then park), so they hold cores that concurrent requests could use, and a call that finds them busy
     * with another caller's runs on its own thread. The helpers end within a second or so of this predictor being
     * collected.
     *
     * @throws IllegalArgumentException if threads is not in 1..{@value #MAX_THREADS}
     */
    public Predictor withThreads(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("a predictor takes 1.." + MAX_THREADS + " threads, got " + threads);
        }
        return threads == threads() ? this : new Predictor(this, threads);
    }

    /** The threads a call may use: 1 unless set by {@link #withThreads}. */
    public int threads() {
        return team == null ? 1 : team.size();
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

    /**
     * Predicts rows of x (floats) or of doubles, whichever is not null: on the team when there is one, it is free
     * and the call is one row it splits or a batch of {@value #MIN_SPLIT_ROWS} rows or more; else on this thread.
     */
    private void run(float[] x, double[] doubles, int rows, float[] out) {
        boolean split = rows == 1 ? splitsRow : rows >= MIN_SPLIT_ROWS;
        if (team == null || !split || !team.tryAcquire()) {
            runRange(x, doubles, 0, rows, out, null);
            return;
        }
        try {
            if (rows == 1) {
                runRange(x, doubles, 0, 1, out, team);
            } else {
                rowsTask.set(x, doubles, rows, out, Math.min(team.size(), rows / (MIN_SPLIT_ROWS / 2)));
                team.run(rowsTask.parts, rowsTask);
            }
        } finally {
            rowsTask.set(null, null, 0, null, 0);
            team.release();
        }
    }

    /**
     * Predicts rows {@code [from, to)} on this thread, chunk by chunk; or one row with its split layers on
     * {@code rowTeam}, when that is not null.
     */
    private void runRange(float[] x, double[] doubles, int from, int to, float[] out, Team rowTeam) {
        Workspace w = borrow();
        try {
            for (int start = from; start < to; start += CHUNK) {
                int n = Math.min(CHUNK, to - start);
                prepare(w.input(), x, doubles, start, n);
                finish(rowTeam != null ? w.forwardSplit(kernels, rowTeam, blocks) : w.forward(kernels, n, false),
                        start, n, out);
            }
        } finally {
            giveBack(w);
        }
    }

    /** Rows {@code [start, start + n)} of x or doubles into input: converted, scaled, and checked to be finite. */
    private void prepare(float[] input, float[] x, double[] doubles, int start, int n) {
        int in = network.inputs();
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
        // the kernels' sum is finite when every input is (or overflows, and then the loop finds none): one vector
        // pass where testing each element took 2.5% of a batch of 256
        if (Double.isFinite(kernels.sum(n * in, input, 0))) {
            return;
        }
        for (int i = 0; i < n * in; i++) {
            if (!Float.isFinite(input[i])) {
                throw refused(from + i, x != null ? x[from + i] : doubles[from + i]);
            }
        }
    }

    /** The outputs y of rows {@code [start, start + n)} into out, in the target's units. */
    private void finish(float[] y, int start, int n, float[] out) {
        int width = network.outputs();
        System.arraycopy(y, 0, out, start * width, n * width);
        if (outputScaler != null) {
            outputScaler.inverse(out, start * width, n * width);
        }
    }

    /** A batch's rows in as many contiguous ranges as parts, each predicted by {@link #runRange}. */
    private final class RowsTask implements Team.Task {
        private float[] x;
        private double[] doubles;
        private int rows;
        private float[] out;
        private int parts;

        void set(float[] x, double[] doubles, int rows, float[] out, int parts) {
            this.x = x;
            this.doubles = doubles;
            this.rows = rows;
            this.out = out;
            this.parts = parts;
        }

        @Override
        public void run(int part) {
            runRange(x, doubles, (int) ((long) rows * part / parts), (int) ((long) rows * (part + 1) / parts), out,
                    null);
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
        for (int i = 0; i < idle.length(); i++) {
            Workspace w = idle.get(i);
            if (w != null && idle.compareAndSet(i, w, null)) {
                return w;
            }
        }
        return network.newWorkspace(CHUNK);
    }

    private void giveBack(Workspace w) {
        for (int i = 0; i < idle.length(); i++) {
            if (idle.get(i) == null && idle.compareAndSet(i, null, w)) {
                return;
            }
        }
    }
}
