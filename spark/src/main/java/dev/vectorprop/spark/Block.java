package dev.vectorprop.spark;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.data.Scaler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * One partition's rows as dense float arrays: converted once from Spark rows, checked, then cached, so that
 * training rounds never read {@code Row}s again.
 */
final class Block implements Serializable {
    private static final long serialVersionUID = 1L;

    final int rows;
    final int features;
    /** Row-major inputs. */
    final float[] x;
    /** Class indices, or null for regression. */
    final int[] labels;
    /** Regression targets, or null for classification. */
    final float[] y;
    /** Row weights, or null when there is no weight column. */
    final float[] weights;
    /** Classes, or 0 for regression. */
    final int classes;
    private transient Dataset dataset;
    /** The last shuffle order asked for, and its key: a gradient-strategy epoch asks for the same one every step. */
    private transient int[] order;
    private transient long orderKey;

    Block(int rows, int features, float[] x, int[] labels, float[] y, float[] weights, int classes) {
        this.rows = rows;
        this.features = features;
        this.x = x;
        this.labels = labels;
        this.y = y;
        this.weights = weights;
        this.classes = classes;
    }

    /** Where the columns are in the rows a partition converts, and what they must hold. */
    record Columns(String featuresName, String labelName, String weightName, int features, int classes)
            implements Serializable {
    }

    /**
     * Converts a partition's rows ({@code features, label[, weight]}, in that order), refusing a null or
     * non-finite value, a vector of another size, a label that is not a class index, or a negative weight with
     * a message that names the column and shows the row.
     */
    static Block of(Iterator<Row> it, int partition, Columns c) {
        FloatList x = new FloatList();
        FloatList targets = new FloatList();
        FloatList weights = new FloatList();
        int rows = 0;
        while (it.hasNext()) {
            Row row = it.next();
            String where = "row " + rows + " of partition " + partition + " (" + shown(row) + ")";
            Object cell = row.get(0);
            if (!(cell instanceof Vector vector)) {
                throw new IllegalArgumentException("column '" + c.featuresName() + "' is " + (cell == null ? "null"
                        : "not a vector") + " in " + where);
            }
            if (vector.size() != c.features()) {
                throw new IllegalArgumentException("column '" + c.featuresName() + "' holds vectors of " + c.features()
                        + " values, but " + where + " has " + vector.size() + ": assemble every row alike");
            }
            for (int j = 0; j < c.features(); j++) {
                double v = vector.apply(j);
                if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                    throw new IllegalArgumentException("column '" + c.featuresName() + "', value " + j + " is " + v
                            + " in " + where + ": features must be finite floats (impute or drop missing values first)");
                }
                x.add((float) v);
            }
            targets.add(label(row.get(1), c, where));
            if (c.weightName() != null) {
                Object w = row.get(2);
                if (!(w instanceof Number number) || !(number.doubleValue() >= 0) || Double.isInfinite(number.doubleValue())) {
                    throw new IllegalArgumentException("column '" + c.weightName() + "' is " + w + " in " + where
                            + ": a weight is a finite number ≥ 0");
                }
                weights.add(number.floatValue());
            }
            rows++;
        }
        float[] y = targets.toArray();
        int[] labels = null;
        if (c.classes() > 0) {
            labels = new int[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = (int) y[i];
            }
            y = null;
        }
        return new Block(rows, c.features(), x.toArray(), labels, y, c.weightName() == null ? null : weights.toArray(),
                c.classes());
    }

    /** Rows {@code [from, to)} of this block. */
    Block slice(int from, int to) {
        return new Block(to - from, features, Arrays.copyOfRange(x, from * features, to * features),
                labels == null ? null : Arrays.copyOfRange(labels, from, to),
                y == null ? null : Arrays.copyOfRange(y, from, to),
                weights == null ? null : Arrays.copyOfRange(weights, from, to), classes);
    }

    /** Rows {@code [from, to)} of a local data set (its one-hot targets back to class indices). */
    static Block of(Dataset data, int from, int to) {
        int rows = to - from;
        int f = data.features();
        float[] x = Arrays.copyOfRange(data.inputs(), from * f, to * f);
        float[] weights = data.weights() == null ? null : Arrays.copyOfRange(data.weights(), from, to);
        if (data.isClassification()) {
            int[] labels = new int[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = data.label(from + i);
            }
            return new Block(rows, f, x, labels, null, weights, data.targetWidth());
        }
        if (data.targetWidth() != 1) {
            throw new IllegalArgumentException("Spark trains on one target column; this data has " + data.targetWidth());
        }
        return new Block(rows, f, x, null, Arrays.copyOfRange(data.targets(), from, to), weights, 0);
    }

    private static float label(Object cell, Columns c, String where) {
        String column = "column '" + c.labelName() + "'";
        if (cell instanceof String text) {
            throw new IllegalArgumentException(column + " holds text ('" + text + "' in " + where + "): index it into "
                    + "numbers first, e.g. with a StringIndexer in the pipeline");
        }
        if (!(cell instanceof Number number)) {
            throw new IllegalArgumentException(column + " is " + (cell == null ? "null" : "a " + cell.getClass()
                    .getSimpleName()) + " in " + where + ": a label is a number");
        }
        double v = number.doubleValue();
        if (c.classes() > 0 && !(v >= 0 && v < c.classes() && v == Math.rint(v))) {
            throw new IllegalArgumentException(column + " is " + v + " in " + where + ", not a class index 0 … "
                    + (c.classes() - 1) + ": a StringIndexer turns labels into indices");
        }
        if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            throw new IllegalArgumentException(column + " is " + v + " in " + where + ": a target is a finite float");
        }
        return (float) v;
    }

    /** A row as a message shows it: its first 120 characters. */
    private static String shown(Row row) {
        String text = row.toString();
        return text.length() <= 120 ? text : text.substring(0, 117) + "…";
    }

    /** This block with its inputs (and regression targets) scaled; the cached original is left as it is. */
    Block scaled(Scaler inputs, Scaler targets) {
        float[] sx = x.clone();
        inputs.transform(sx);
        float[] sy = y;
        if (y != null) {
            sy = y.clone();
            targets.transform(sy);
        }
        return new Block(rows, features, sx, labels, sy, weights, classes);
    }

    /** The rows in the order drawn from {@code key} (kept until another key is asked for). */
    synchronized int[] order(long key) {
        if (order == null || orderKey != key) {
            order = Dataset.permutation(rows, new java.util.SplittableRandom(key));
            orderKey = key;
        }
        return order;
    }

    /** The rows as a data set (made once per cached block and executor). */
    synchronized Dataset dataset() {
        if (dataset == null) {
            Dataset d = labels != null ? Dataset.classification(x, features, labels, classes) : Dataset.of(x, features, y, 1);
            dataset = weights != null ? d.withWeights(weights) : d;
        }
        return dataset;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Block[%d rows × %d features%s]", rows, features,
                classes > 0 ? ", " + classes + " classes" : "");
    }

    /** A growable float array: rows arrive one by one and their count is known only at the end. */
    private static final class FloatList {
        private float[] values = new float[1024];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
