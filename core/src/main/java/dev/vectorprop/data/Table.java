package dev.vectorprop.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Numeric rows read from a file, before they become a {@link Dataset}: features with NaN where a
 * value was missing (for the {@link MissingValues#MEAN} policy, imputed from the training split only),
 * targets, and the names that give them meaning.
 *
 * @param featureNames one name per feature column (one-hot columns are named {@code column=value})
 * @param targetNames  the regression target columns, or the one label column of a classification
 * @param classNames   the class of each label index, or null for regression
 * @param x            row-major features, NaN where missing
 * @param y            row-major regression targets, or null for classification
 * @param labels       class indices, or null for regression
 * @param lines        the source line of each row, for messages
 * @param dropped      rows left out by the {@link MissingValues#DROP} policy
 * @param weights      each row's weight in the loss (a weight column), or null
 */
public record Table(String source, String[] featureNames, String[] targetNames, String[] classNames, float[] x,
                    float[] y, int[] labels, int[] lines, int dropped, float[] weights) {

    public int rows() {
        return lines.length;
    }

    public int features() {
        return featureNames.length;
    }

    public boolean isClassification() {
        return classNames != null;
    }

    /** A seeded random split: returns {@code [rest, part]} where part holds {@code fraction} of the rows. */
    public Table[] split(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("split fraction must be in (0, 1), got " + fraction);
        }
        int part = (int) Math.round(rows() * fraction);
        if (part == 0 || part == rows()) {
            throw new IllegalArgumentException("a fraction of " + fraction + " of " + rows() + " rows leaves one side empty");
        }
        int[] order = Dataset.permutation(rows(), new SplittableRandom(seed));
        return new Table[] {select(Arrays.copyOfRange(order, part, rows())), select(Arrays.copyOfRange(order, 0, part))};
    }

    private Table select(int[] indices) {
        int f = features();
        int t = y == null ? 0 : targetNames.length;
        float[] xs = new float[indices.length * f];
        float[] ys = y == null ? null : new float[indices.length * t];
        int[] ls = labels == null ? null : new int[indices.length];
        int[] ln = new int[indices.length];
        float[] ws = weights == null ? null : new float[indices.length];
        for (int r = 0; r < indices.length; r++) {
            int i = indices[r];
            System.arraycopy(x, i * f, xs, r * f, f);
            if (ys != null) {
                System.arraycopy(y, i * t, ys, r * t, t);
            }
            if (ls != null) {
                ls[r] = labels[i];
            }
            ln[r] = lines[i];
            if (ws != null) {
                ws[r] = weights[i];
            }
        }
        return new Table(source, featureNames, targetNames, classNames, xs, ys, ls, ln, dropped, ws);
    }

    /** Each feature's mean over the values present (NaN cells skipped); 0 for a column with none. */
    public float[] columnMeans() {
        int f = features();
        double[] sums = new double[f];
        int[] counts = new int[f];
        for (int i = 0; i < x.length; i++) {
            if (!Float.isNaN(x[i])) {
                sums[i % f] += x[i];
                counts[i % f]++;
            }
        }
        float[] means = new float[f];
        for (int j = 0; j < f; j++) {
            means[j] = counts[j] == 0 ? 0f : (float) (sums[j] / counts[j]);
        }
        return means;
    }

    /** A copy with every missing (NaN) feature replaced by the given column value, e.g. the training split's means. */
    public Table impute(float[] values) {
        if (values.length != features()) {
            throw new IllegalArgumentException(values.length + " imputation values for " + features() + " features");
        }
        float[] filled = x.clone();
        for (int i = 0; i < filled.length; i++) {
            if (Float.isNaN(filled[i])) {
                filled[i] = values[i % features()];
            }
        }
        return new Table(source, featureNames, targetNames, classNames, filled, y, labels, lines, dropped, weights);
    }

    /** The rows as a data set; a value still missing is an error naming its line and column. */
    public Dataset toDataset() {
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(x[i])) {
                throw new IllegalArgumentException(source + ", line " + lines[i / features()] + ", column '"
                        + featureNames[i % features()] + "': missing or not a number (choose a missing-value policy: "
                        + "drop or mean)");
            }
        }
        Dataset data = isClassification()
                ? Dataset.classification(x, features(), labels, classNames.length)
                : Dataset.of(x, features(), y, targetNames.length);
        return data.withWeights(weights);
    }
}
