package dev.vectorprop.spark;

import dev.vectorprop.data.Scaler;

/**
 * Per-column count, mean, sum of squared deviations, min and max of one partition's values, merged pairwise
 * (Chan et al.) in a {@link FixedTree}: a scaler fitted over the cluster in one aggregation, the same bits on
 * every run.
 */
final class ColumnStats implements FixedTree.Value<ColumnStats> {
    private static final long serialVersionUID = 1L;

    private long count;
    private final double[] mean;
    private final double[] squares;
    private final double[] min;
    private final double[] max;

    private ColumnStats(int width) {
        mean = new double[width];
        squares = new double[width];
        min = new double[width];
        max = new double[width];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    /** The statistics of row-major {@code values} in rows of {@code width}, or null when there are none. */
    static ColumnStats of(float[] values, int width) {
        if (values == null || values.length == 0) {
            return null;
        }
        ColumnStats s = new ColumnStats(width);
        s.count = values.length / width;
        for (int i = 0; i < values.length; i++) {
            int j = i % width;
            s.mean[j] += values[i];
            s.min[j] = Math.min(s.min[j], values[i]);
            s.max[j] = Math.max(s.max[j], values[i]);
        }
        for (int j = 0; j < width; j++) {
            s.mean[j] /= s.count;
        }
        for (int i = 0; i < values.length; i++) {
            double d = values[i] - s.mean[i % width];
            s.squares[i % width] += d * d;
        }
        return s;
    }

    @Override
    public ColumnStats plus(ColumnStats right) {
        long n = count + right.count;
        for (int j = 0; j < mean.length; j++) {
            double delta = right.mean[j] - mean[j];
            squares[j] += right.squares[j] + delta * delta * count * right.count / n;
            mean[j] += delta * right.count / n;
            min[j] = Math.min(min[j], right.min[j]);
            max[j] = Math.max(max[j], right.max[j]);
        }
        count = n;
        return this;
    }

    /**
     * The scaler of this kind these statistics define, as {@link Scaler#fit} defines it on the rows themselves
     * (and refusing, as it does, a column whose scaled values would overflow training).
     */
    Scaler scaler(Scaler.Kind kind) {
        double[] std = new double[mean.length];
        for (int j = 0; j < std.length; j++) {
            std[j] = Math.sqrt(squares[j] / count);
        }
        return Scaler.fromStatistics(kind, min, max, mean, std, null);
    }
}
