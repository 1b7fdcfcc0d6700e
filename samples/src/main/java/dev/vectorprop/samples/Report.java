package dev.vectorprop.samples;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.data.Metrics;
import dev.vectorprop.data.Scaler;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Predictor;
import dev.vectorprop.nn.Reduction;

import java.util.Locale;

/**
 * A network's figures on a (scaled) data set: loss and accuracy with the confusion matrix for
 * classification; MSE, MAE and R² in the targets' original units for regression.
 */
record Report(double loss, double accuracy, double mse, double mae, double r2, Metrics.Confusion confusion) {

    static Report of(Kernels k, Network network, Dataset data, Loss loss, Scaler targets, String[] classNames) {
        return of(Predictor.of(network, k), data, loss, targets, classNames);
    }

    /** The figures of the predictor's outputs, the loss taken on them as they are (in its precision). */
    static Report of(Predictor predictor, Dataset data, Loss loss, Scaler targets, String[] classNames) {
        int outputs = predictor.outputs();
        float[] predicted = new float[data.rows() * outputs];
        predictor.predict(data.inputs(), data.rows(), predicted);
        double value = loss.evaluate(predictor.kernels(), data.rows(), outputs, predicted, data.targets(), null,
                Reduction.MEAN, data.rows(), false);
        if (data.isClassification()) {
            int[] actual = new int[data.rows()];
            int[] guessed = new int[data.rows()];
            for (int i = 0; i < actual.length; i++) {
                actual[i] = data.label(i);
                guessed[i] = Predictor.classOf(predicted, i * outputs, outputs);
            }
            Metrics.Confusion confusion = Metrics.Confusion.of(actual, guessed, classNames);
            return new Report(value, confusion.accuracy(), Double.NaN, Double.NaN, Double.NaN, confusion);
        }
        float[] actual = data.targets().clone();
        targets.inverse(actual);
        targets.inverse(predicted);
        return new Report(value, Double.NaN, Metrics.mse(predicted, actual), Metrics.mae(predicted, actual),
                Metrics.r2(predicted, actual), null);
    }

    String text() {
        if (confusion != null) {
            return String.format(Locale.ROOT, "test accuracy %.4f, test loss %.4f%n%s", accuracy, loss, confusion);
        }
        return String.format(Locale.ROOT, "test MSE %.6g, MAE %.6g, R² %.4f (original units); loss %.4f", mse, mae, r2,
                loss);
    }

    String json() {
        if (confusion != null) {
            return "{\"accuracy\":" + number(accuracy) + ",\"loss\":" + number(loss) + "}";
        }
        return "{\"mse\":" + number(mse) + ",\"mae\":" + number(mae) + ",\"r2\":" + number(r2) + ",\"loss\":"
                + number(loss) + "}";
    }

    /** A JSON number; NaN and infinities, which JSON lacks, become null. */
    static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.6g", value) : "null";
    }
}
