package dev.vectorprop.data;

import java.util.Locale;

/** Figures of merit for predictions against truth. */
public final class Metrics {
    private Metrics() {
    }

    /** Mean squared error over all values. */
    public static double mse(float[] predicted, float[] actual) {
        check(predicted, actual);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = (double) predicted[i] - actual[i]; // in float, two values beyond ±1.7e38 overflow
            sum += d * d;
        }
        return sum / actual.length;
    }

    /** Mean absolute error over all values. */
    public static double mae(float[] predicted, float[] actual) {
        check(predicted, actual);
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            sum += Math.abs((double) predicted[i] - actual[i]);
        }
        return sum / actual.length;
    }

    /** The coefficient of determination, 1 − SS_res / SS_tot, over all values. */
    public static double r2(float[] predicted, float[] actual) {
        check(predicted, actual);
        double mean = 0;
        for (float a : actual) {
            mean += a;
        }
        mean /= actual.length;
        double residual = 0;
        double total = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = (double) actual[i] - predicted[i];
            residual += d * d;
            total += (actual[i] - mean) * (actual[i] - mean);
        }
        return 1 - residual / total;
    }

    private static void check(float[] predicted, float[] actual) {
        if (predicted.length != actual.length || actual.length == 0) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + actual.length + " values");
        }
    }

    /**
     * Counts of (actual, predicted) class pairs: {@code counts[actual][predicted]}.
     *
     * @param names the class names, for {@link #toString()}
     */
    public record Confusion(String[] names, long[][] counts) {

        public static Confusion of(int[] actual, int[] predicted, String[] names) {
            if (actual.length != predicted.length) {
                throw new IllegalArgumentException(predicted.length + " predictions for " + actual.length + " labels");
            }
            long[][] counts = new long[names.length][names.length];
            for (int i = 0; i < actual.length; i++) {
                counts[actual[i]][predicted[i]]++;
            }
            return new Confusion(names.clone(), counts);
        }

        public long total() {
            long n = 0;
            for (long[] row : counts) {
                for (long c : row) {
                    n += c;
                }
            }
            return n;
        }

        public double accuracy() {
            long right = 0;
            for (int c = 0; c < counts.length; c++) {
                right += counts[c][c];
            }
            return (double) right / total();
        }

        /** Of the rows predicted as class c, the fraction that are c (NaN if none were). */
        public double precision(int c) {
            long predicted = 0;
            for (long[] row : counts) {
                predicted += row[c];
            }
            return (double) counts[c][c] / predicted;
        }

        /** Of the rows of class c, the fraction predicted as c (NaN if there are none). */
        public double recall(int c) {
            long actual = 0;
            for (long n : counts[c]) {
                actual += n;
            }
            return (double) counts[c][c] / actual;
        }

        /** The mean recall over the classes that have rows, as scikit-learn's balanced_accuracy_score. */
        public double balancedAccuracy() {
            double sum = 0;
            int present = 0;
            for (int c = 0; c < counts.length; c++) {
                double recall = recall(c);
                if (!Double.isNaN(recall)) {
                    sum += recall;
                    present++;
                }
            }
            return sum / present;
        }

        /** A table: one row per actual class, one column per predicted class, then precision and recall. */
        @Override
        public String toString() {
            int width = 6;
            for (String name : names) {
                width = Math.max(width, name.length() + 1);
            }
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s", "actual\\predicted"));
            for (int c = 0; c < names.length; c++) {
                out.append(String.format(Locale.ROOT, "%7d", c));
            }
            out.append("  precision  recall\n");
            for (int a = 0; a < names.length; a++) {
                out.append(String.format(Locale.ROOT, "%-" + width + "s", a + " " + names[a]));
                for (int p = 0; p < names.length; p++) {
                    out.append(String.format(Locale.ROOT, "%7d", counts[a][p]));
                }
                out.append(String.format(Locale.ROOT, "  %9.3f  %6.3f%n", precision(a), recall(a)));
            }
            return out.toString();
        }
    }
}
