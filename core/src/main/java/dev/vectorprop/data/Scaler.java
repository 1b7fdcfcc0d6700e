package dev.vectorprop.data;

import java.util.Arrays;

/**
 * A per-column affine map {@code x' = (x − shift) · factor}, fitted on the training split only and
 * applied unchanged to validation, test and prediction data; {@link #inverse} maps predictions back to
 * the original units. A constant column maps to 0 rather than dividing by zero.
 */
public final class Scaler {
    public enum Kind {
        /** Leave values as they are. */
        NONE,
        /** To [0, 1] over the fitted data: (x − min) / (max − min). */
        MIN_MAX,
        /** To mean 0 and standard deviation 1 over the fitted data: (x − μ) / σ. */
        Z_SCORE
    }

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

    /** Fits a scaler of the given kind to row-major data of {@code width} columns. */
    public static Scaler fit(Kind kind, float[] data, int width) {
        if (width <= 0 || data.length % width != 0 || data.length == 0) {
            throw new IllegalArgumentException("cannot fit a scaler to " + data.length + " values in rows of " + width);
        }
        if (kind == Kind.NONE) {
            return none(width);
        }
        int rows = data.length / width;
        float[] shift = new float[width];
        float[] factor = new float[width];
        for (int j = 0; j < width; j++) {
            double a = 0;
            double b = 0;
            if (kind == Kind.MIN_MAX) {
                a = Double.POSITIVE_INFINITY;
                b = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < rows; i++) {
                    a = Math.min(a, data[i * width + j]);
                    b = Math.max(b, data[i * width + j]);
                }
                shift[j] = (float) a;
                factor[j] = b > a ? (float) (1 / (b - a)) : 0f;
            } else {
                for (int i = 0; i < rows; i++) {
                    a += data[i * width + j];
                }
                double mean = a / rows;
                for (int i = 0; i < rows; i++) {
                    double d = data[i * width + j] - mean;
                    b += d * d;
                }
                double std = Math.sqrt(b / rows);
                shift[j] = (float) mean;
                factor[j] = std > 0 ? (float) (1 / std) : 0f;
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
