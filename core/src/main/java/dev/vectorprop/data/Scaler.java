package dev.vectorprop.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * A per-column affine map {@code x' = (x − shift) · factor}, fitted on the training split only and
 * applied unchanged to validation, test and prediction data; {@link #inverse} maps predictions back to
 * the original units. A constant column maps to 0 rather than dividing by zero. Serializable, so that a
 * cluster job can ship it to its tasks.
 */
public final class Scaler implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Leave values as they are. */
        NONE,
        /** To [0, 1] over the fitted data: (x − min) / (max − min). */
        MIN_MAX,
        /** To mean 0 and standard deviation 1 over the fitted data: (x − μ) / σ. */
        Z_SCORE
    }

    /**
     * The largest scaled value the network can train on: the difference of two such values, squared (by
     * the loss, and by optimizers such as Adam), stays below float's largest, 3.4e38.
     */
    public static final float LARGEST = (float) (Math.sqrt(Float.MAX_VALUE) / 2);

    private final Kind kind;
    private final float[] shift;
    private final float[] factor;

    public Scaler(Kind kind, float[] shift, float[] factor) {
        if (shift.length != factor.length) {
            throw new IllegalArgumentException(shift.length + " shifts but " + factor.length + " factors");
        }
        this.kind = kind;
        this.shift = shift.clone();
        this.factor = factor.clone();
    }

    /** The identity on {@code width} columns. */
    public static Scaler none(int width) {
        float[] ones = new float[width];
        Arrays.fill(ones, 1f);
        return new Scaler(Kind.NONE, new float[width], ones);
    }

    /** Fits a scaler of the given kind to row-major data of {@code width} columns, numbered in messages. */
    public static Scaler fit(Kind kind, float[] data, int width) {
        return fit(kind, data, width, null);
    }

    /**
     * Fits a scaler of the given kind to row-major data of {@code width} columns.
     *
     * @param names the columns' names, for messages, or null to number them
     * @throws IllegalArgumentException naming the column when its scaled values would reach beyond ±{@link #LARGEST}
     */
    public static Scaler fit(Kind kind, float[] data, int width, String[] names) {
        if (width <= 0 || data.length % width != 0 || data.length == 0) {
            throw new IllegalArgumentException("cannot fit a scaler to " + data.length + " values in rows of " + width);
        }
        int rows = data.length / width;
        double[] min = new double[width];
        double[] max = new double[width];
        double[] mean = new double[width];
        double[] std = new double[width];
        for (int j = 0; j < width; j++) {
            min[j] = Double.POSITIVE_INFINITY;
            max[j] = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int i = 0; i < rows; i++) {
                min[j] = Math.min(min[j], data[i * width + j]);
                max[j] = Math.max(max[j], data[i * width + j]);
                sum += data[i * width + j];
            }
            if (kind == Kind.Z_SCORE) {
                mean[j] = sum / rows;
                double squares = 0;
                for (int i = 0; i < rows; i++) {
                    double d = data[i * width + j] - mean[j];
                    squares += d * d;
                }
                std[j] = Math.sqrt(squares / rows);
            }
        }
        return fromStatistics(kind, min, max, mean, std, names);
    }

    /**
     * The scaler of the given kind that columns of these statistics define (min-max uses {@code min} and
     * {@code max}, z-score {@code mean} and the population {@code std}): what {@link #fit} makes of the rows
     * themselves, and a distributed fit makes of statistics merged over its partitions.
     *
     * @param names the columns' names, for messages, or null to number them
     * @throws IllegalArgumentException naming the column when its scaled values would reach beyond ±{@link #LARGEST}
     */
    public static Scaler fromStatistics(Kind kind, double[] min, double[] max, double[] mean, double[] std,
                                        String[] names) {
        int width = min.length;
        float[] shift = new float[width];
        float[] factor = new float[width];
        Arrays.fill(factor, 1f);
        for (int j = 0; j < width; j++) {
            if (kind == Kind.MIN_MAX) {
                shift[j] = (float) min[j];
                factor[j] = max[j] > min[j] ? (float) (1 / (max[j] - min[j])) : 0f;
            } else if (kind == Kind.Z_SCORE) {
                shift[j] = (float) mean[j];
                factor[j] = std[j] > 0 ? (float) (1 / std[j]) : 0f;
            }
            // an affine map takes its extremes at the column's: scaled in float, as transform will
            float reach = Math.max(Math.abs(((float) min[j] - shift[j]) * factor[j]),
                    Math.abs(((float) max[j] - shift[j]) * factor[j]));
            if (!(reach <= LARGEST)) {
                String column = names == null ? "column " + j : "column '" + names[j] + "'";
                String scaled = kind == Kind.NONE ? "unscaled"
                        : "after " + kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + " scaling";
                String fix = kind == Kind.NONE ? "scale it (z-score or min-max) or divide it by a power of ten"
                        : "divide it by a power of ten";
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s (from %.3g to %.3g) reaches %.3g %s, "
                        + "beyond ±%.2g, where the squares the loss and the optimizer take overflow float: %s", column,
                        min[j], max[j], reach, scaled, LARGEST, fix));
            }
        }
        return new Scaler(kind, shift, factor);
    }

    public Kind kind() {
        return kind;
    }

    public int width() {
        return shift.length;
    }

    public float[] shift() {
        return shift.clone();
    }

    public float[] factor() {
        return factor.clone();
    }

    /** Whether this scaler leaves every value as it is. */
    public boolean isIdentity() {
        for (int j = 0; j < shift.length; j++) {
            if (shift[j] != 0f || factor[j] != 1f) {
                return false;
            }
        }
        return true;
    }

    /** Scales row-major data in place. */
    public void transform(float[] data) {
        checkWidth(data);
        transform(data, 0, data.length);
    }

    /** Scales {@code length} values of row-major data from {@code offset}, the start of a row, in place. */
    public void transform(float[] data, int offset, int length) {
        for (int i = 0; i < length; i++) {
            int j = i % shift.length;
            data[offset + i] = (data[offset + i] - shift[j]) * factor[j];
        }
    }

    /** Maps scaled row-major data back to original units, in place (a constant column returns its constant). */
    public void inverse(float[] data) {
        checkWidth(data);
        inverse(data, 0, data.length);
    }

    /** {@link #inverse(float[])} of {@code length} values from {@code offset}, the start of a row. */
    public void inverse(float[] data, int offset, int length) {
        for (int i = 0; i < length; i++) {
            int j = i % shift.length;
            data[offset + i] = factor[j] == 0f ? shift[j] : data[offset + i] / factor[j] + shift[j];
        }
    }

    private void checkWidth(float[] data) {
        if (data.length % shift.length != 0) {
            throw new IllegalArgumentException(data.length + " values are not whole rows of " + shift.length);
        }
    }
}
