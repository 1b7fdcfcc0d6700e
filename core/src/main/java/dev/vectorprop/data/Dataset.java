package dev.vectorprop.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Rows of inputs with their targets, both row-major {@code float[]}. A classification data set also
 * keeps its integer labels; its targets are their one-hot rows. Every factory checks its input and
 * names what is wrong: shapes, NaN or infinite values (with row and column), labels out of range.
 */
public final class Dataset {
    private final int rows;
    private final int features;
    private final int targetWidth;
    private final float[] x;
    private final float[] y;
    /** Class labels, or null for regression. */
    private final int[] labels;
    /** Each row's weight in the loss, or null when every row weighs 1. */
    private final float[] weights;

    private Dataset(int rows, int features, float[] x, int targetWidth, float[] y, int[] labels, float[] weights) {
        this.rows = rows;
        this.features = features;
        this.x = x;
        this.targetWidth = targetWidth;
        this.y = y;
        this.labels = labels;
        this.weights = weights;
    }

    private Dataset(int rows, int features, float[] x, int targetWidth, float[] y, int[] labels) {
        this(rows, features, x, targetWidth, y, labels, null);
    }

    /** A regression (or one-hot) data set from flat row-major arrays, which it takes without copying. */
    public static Dataset of(float[] x, int features, float[] y, int targetWidth) {
        checkPositive("feature count", features);
        checkPositive("target width", targetWidth);
        if (x.length == 0) {
            throw new IllegalArgumentException("the data set is empty: no rows");
        }
        if (x.length % features != 0) {
            throw new IllegalArgumentException(x.length + " input values are not whole rows of " + features + " features");
        }
        int rows = x.length / features;
        if (y.length != (long) rows * targetWidth) {
            throw new IllegalArgumentException("inputs are " + rows + "×" + features + " but targets have " + y.length
                    + " values, not " + rows + "×" + targetWidth);
        }
        checkFinite("input", x, features);
        checkFinite("target", y, targetWidth);
        return new Dataset(rows, features, x, targetWidth, y, null);
    }

    /** A regression data set from rows of inputs and rows of targets (copied). */
    public static Dataset of(float[][] inputs, float[][] targets) {
        if (inputs.length != targets.length) {
            throw new IllegalArgumentException(inputs.length + " input rows but " + targets.length + " target rows");
        }
        if (inputs.length == 0) {
            throw new IllegalArgumentException("the data set is empty: no rows");
        }
        return of(flatten("input", inputs), inputs[0].length, flatten("target", targets), targets[0].length);
    }

    /** A classification data set: flat row-major inputs (taken without copying) and labels in [0, classes). */
    public static Dataset classification(float[] x, int features, int[] labels, int classes) {
        checkPositive("feature count", features);
        if (classes < 2) {
            throw new IllegalArgumentException("classification needs at least 2 classes, got " + classes);
        }
        if (labels.length == 0 || x.length == 0) {
            throw new IllegalArgumentException("the data set is empty: no rows");
        }
        if (x.length != (long) labels.length * features) {
            throw new IllegalArgumentException(labels.length + " labels but " + x.length + " input values, not "
                    + labels.length + "×" + features);
        }
        checkFinite("input", x, features);
        float[] oneHot = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " in row " + i + " is outside 0.." + (classes - 1));
            }
            oneHot[i * classes + labels[i]] = 1f;
        }
        return new Dataset(labels.length, features, x, classes, oneHot, labels.clone());
    }

    /** A classification data set from rows of inputs (copied). */
    public static Dataset classification(float[][] inputs, int[] labels, int classes) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException("the data set is empty: no rows");
        }
        return classification(flatten("input", inputs), inputs[0].length, labels, classes);
    }

    public int rows() {
        return rows;
    }

    public int features() {
        return features;
    }

    /** Width of a target row: the number of classes, or of regression outputs. */
    public int targetWidth() {
        return targetWidth;
    }

    public boolean isClassification() {
        return labels != null;
    }

    /** The label of row i (classification only). */
    public int label(int i) {
        if (labels == null) {
            throw new IllegalStateException("a regression data set has no labels");
        }
        return labels[i];
    }

    /**
     * This data set with other inputs of the same shape (taken without copying, checked for non-finite values),
     * e.g. scaled ones; its targets, labels and weights are kept.
     */
    public Dataset withInputs(float[] inputs) {
        if (inputs.length != x.length) {
            throw new IllegalArgumentException(inputs.length + " input values for " + rows + "×" + features);
        }
        checkFinite("input", inputs, features);
        return new Dataset(rows, features, inputs, targetWidth, y, labels, weights);
    }

    /** This data set with other targets of the same shape (taken without copying, checked); the rest is kept. */
    public Dataset withTargets(float[] targets) {
        if (targets.length != y.length) {
            throw new IllegalArgumentException(targets.length + " target values for " + rows + "×" + targetWidth);
        }
        checkFinite("target", targets, targetWidth);
        return new Dataset(rows, features, x, targetWidth, targets, labels, weights);
    }

    /** Each row's weight in the loss (the live array), or null when every row weighs 1. */
    public float[] weights() {
        return weights;
    }

    /**
     * This data set with a weight per row (taken without copying; null for none): each row's loss and gradient
     * count that many times, so a weight of 2 is the row twice. The arrays are shared, not copied.
     */
    public Dataset withWeights(float[] rowWeights) {
        if (rowWeights != null) {
            if (rowWeights.length != rows) {
                throw new IllegalArgumentException(rowWeights.length + " weights for " + rows + " rows");
            }
            for (int i = 0; i < rows; i++) {
                if (!(rowWeights[i] >= 0) || Float.isInfinite(rowWeights[i])) {
                    throw new IllegalArgumentException("the weight of row " + i + " is " + rowWeights[i]
                            + ": weights must be zero or positive and finite");
                }
            }
        }
        return new Dataset(rows, features, x, targetWidth, y, labels, rowWeights);
    }

    /** This classification data set with each row's weight (1 if none) multiplied by its class's weight. */
    public Dataset withClassWeights(float[] classWeights) {
        if (labels == null) {
            throw new IllegalStateException("class weights need a classification data set");
        }
        if (classWeights.length != targetWidth) {
            throw new IllegalArgumentException(classWeights.length + " class weights for " + targetWidth + " classes");
        }
        float[] w = new float[rows];
        for (int i = 0; i < rows; i++) {
            w[i] = classWeights[labels[i]] * (weights == null ? 1f : weights[i]);
        }
        return withWeights(w);
    }

    /**
     * Class weights that balance the classes, scikit-learn's rule: rows / (classes · rows of the class), so every
     * class weighs as much in all; a class without rows gets 0.
     */
    public float[] balancedClassWeights() {
        if (labels == null) {
            throw new IllegalStateException("class weights need a classification data set");
        }
        long[] counts = new long[targetWidth];
        for (int label : labels) {
            counts[label]++;
        }
        float[] w = new float[targetWidth];
        for (int c = 0; c < targetWidth; c++) {
            w[c] = counts[c] == 0 ? 0f : (float) ((double) rows / ((double) targetWidth * counts[c]));
        }
        return w;
    }

    /** Copies the weights of rows {@code order[from, from + count)} into out from offset 0 (weighted data only). */
    public void gatherWeights(int[] order, int from, int count, float[] out) {
        for (int r = 0; r < count; r++) {
            out[r] = weights[order[from + r]];
        }
    }

    /** The inputs, row-major; the live array. */
    public float[] inputs() {
        return x;
    }

    /** The targets, row-major; the live array. */
    public float[] targets() {
        return y;
    }

    /** Copies rows {@code order[from, from + count)} into xOut and yOut, one after another from offset 0. */
    public void gather(int[] order, int from, int count, float[] xOut, float[] yOut) {
        for (int r = 0; r < count; r++) {
            int row = order[from + r];
            System.arraycopy(x, row * features, xOut, r * features, features);
            System.arraycopy(y, row * targetWidth, yOut, r * targetWidth, targetWidth);
        }
    }

    /** The rows at the given indices, as a new data set. */
    public Dataset select(int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("selecting no rows gives an empty data set");
        }
        float[] xs = new float[indices.length * features];
        float[] ys = new float[indices.length * targetWidth];
        gather(indices, 0, indices.length, xs, ys);
        int[] ls = null;
        if (labels != null) {
            ls = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                ls[i] = labels[indices[i]];
            }
        }
        float[] ws = null;
        if (weights != null) {
            ws = new float[indices.length];
            gatherWeights(indices, 0, indices.length, ws);
        }
        return new Dataset(indices.length, features, xs, targetWidth, ys, ls, ws);
    }

    /**
     * This classification data set with one-hot targets of −1 and +1 instead of 0 and 1, as the squared
     * hinge needs (the inputs are shared, not copied).
     */
    public Dataset signedTargets() {
        if (labels == null) {
            throw new IllegalStateException("only a classification data set has one-hot targets to sign");
        }
        float[] signed = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            signed[i] = 2 * y[i] - 1;
        }
        return withTargets(signed);
    }

    /** Rows {@code [from, to)} as a new data set. */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > rows || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") is outside the " + rows + " rows");
        }
        int[] indices = new int[to - from];
        Arrays.setAll(indices, i -> from + i);
        return select(indices);
    }

    /**
     * Splits off a seeded random {@code fraction} of the rows: returns {@code [rest, part]}.
     */
    public Dataset[] split(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("split fraction must be in (0, 1), got " + fraction);
        }
        int part = (int) Math.round(rows * fraction);
        if (part == 0 || part == rows) {
            throw new IllegalArgumentException("a fraction of " + fraction + " of " + rows + " rows leaves one side empty");
        }
        int[] order = permutation(rows, new SplittableRandom(seed));
        return new Dataset[] {select(Arrays.copyOfRange(order, part, rows)), select(Arrays.copyOfRange(order, 0, part))};
    }

    /** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        shuffle(order, random);
        return order;
    }

    /** Shuffles in place (Fisher–Yates). */
    public static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static float[] flatten(String what, float[][] rows) {
        int width = rows[0].length;
        float[] flat = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException(what + " row " + i + " has " + rows[i].length + " values, row 0 has "
                        + width);
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }

    private static void checkFinite(String what, float[] values, int width) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " at row " + i / width + ", column " + i % width + " is "
                        + values[i]);
            }
        }
    }

    private static void checkPositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    @Override
    public String toString() {
        return "Dataset(" + rows + " rows, " + features + " features, "
                + (labels != null ? targetWidth + " classes" : targetWidth + " targets") + (weights != null ? ", weighted" : "")
                + ")";
    }
}
