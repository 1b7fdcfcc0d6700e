package dev.vectorprop.samples;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.data.Metrics;
import dev.vectorprop.data.Scaler;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Predictor;
import dev.vectorprop.nn.Reduction;
import dev.vectorprop.train.EarlyStopping;
import dev.vectorprop.train.EpochResult;
import dev.vectorprop.train.History;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A network's figures on a (scaled) data set: loss and accuracy with the confusion matrix for
 * classification; MSE, MAE and R² in the targets' original units for regression.
 */
record Report(double loss, double accuracy, double mse, double mae, double r2, Metrics.Confusion confusion) {

    /**
     * The figures of a model's predictor on raw data (in the data's own units, as the predictor takes
     * them). The loss is taken on the predictor's own outputs (in its precision), for regression on the
     * scaled targets as in training, weighted by the rows' weights if any; MSE, MAE and R² are in the target's
     * units and, like the accuracies, unweighted.
     */
    static Report of(Predictor predictor, Dataset raw, Loss loss, Scaler targets, String[] classNames) {
        int outputs = predictor.outputs();
        float[] predicted = new float[raw.rows() * outputs];
        predictor.predict(raw.inputs(), raw.rows(), predicted);
        if (raw.isClassification()) {
            double value = loss.evaluate(predictor.kernels(), raw.rows(), outputs, predicted, raw.targets(), null,
                    raw.weights(), Reduction.MEAN, raw.rows(), false);
            int[] actual = new int[raw.rows()];
            int[] guessed = new int[raw.rows()];
            for (int i = 0; i < actual.length; i++) {
                actual[i] = raw.label(i);
                guessed[i] = predictor.classOf(predicted, i);
            }
            Metrics.Confusion confusion = Metrics.Confusion.of(actual, guessed, classNames);
            return new Report(value, confusion.accuracy(), Double.NaN, Double.NaN, Double.NaN, confusion);
        }
        float[] actual = raw.targets();
        float[] scaledPredicted = predicted.clone();
        float[] scaledActual = actual.clone();
        targets.transform(scaledPredicted);
        targets.transform(scaledActual);
        double value = loss.evaluate(predictor.kernels(), raw.rows(), outputs, scaledPredicted, scaledActual, null,
                raw.weights(), Reduction.MEAN, raw.rows(), false);
        return new Report(value, Double.NaN, Metrics.mse(predicted, actual), Metrics.mae(predicted, actual),
                Metrics.r2(predicted, actual), null);
    }

    /**
     * The run's final figures as one JSON object: training loss, validation loss (and accuracy), these test
     * figures, epochs, seconds, samples per second, the last epoch's learning rate, why training stopped and,
     * with early stopping (may be null), the epoch whose weights were kept.
     */
    String summary(History history, int rows, boolean validated, EarlyStopping stopping) {
        EpochResult last = history.last();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "{\"train\":{\"loss\":%s}",
                Report.number(last.trainingLoss())));
        if (validated) {
            out.append(String.format(Locale.ROOT, ",\"validation\":{\"loss\":%s", Report.number(last.validationLoss())));
            if (confusion != null) {
                out.append(",\"accuracy\":").append(Report.number(last.validationAccuracy()));
            }
            out.append('}');
        }
        double seconds = history.epochs().stream().mapToDouble(EpochResult::seconds).sum();
        out.append(",\"test\":").append(json());
        out.append(String.format(Locale.ROOT, ",\"epochs\":%d,\"seconds\":%.3f,\"samples_per_second\":%.1f",
                history.epochs().size(), seconds, history.epochs().size() * (double) rows / seconds));
        out.append(",\"lr\":").append(number(last.learningRate()))
                .append(",\"stopped\":\"").append(history.stopReason().name().toLowerCase(Locale.ROOT)).append('"');
        if (stopping != null) {
            out.append(",\"best_epoch\":").append(stopping.bestEpoch());
        }
        out.append('}');
        return out.toString();
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
            StringBuilder perClass = new StringBuilder();
            for (int c = 0; c < confusion.names().length; c++) {
                perClass.append(c == 0 ? "" : ",").append(Json.quote(confusion.names()[c]))
                        .append(":{\"precision\":").append(number(confusion.precision(c)))
                        .append(",\"recall\":").append(number(confusion.recall(c))).append('}');
            }
            return "{\"accuracy\":" + number(accuracy) + ",\"balanced_accuracy\":" + number(confusion.balancedAccuracy())
                    + ",\"loss\":" + number(loss) + ",\"per_class\":{" + perClass + "}}";
        }
        return "{\"mse\":" + number(mse) + ",\"mae\":" + number(mae) + ",\"r2\":" + number(r2) + ",\"loss\":"
                + number(loss) + "}";
    }

    /** The figures by name, each prefixed (e.g. {@code test.accuracy}), for a model's provenance. */
    Map<String, Double> metrics(String prefix) {
        Map<String, Double> figures = new LinkedHashMap<>();
        if (confusion != null) {
            figures.put(prefix + "accuracy", accuracy);
            figures.put(prefix + "balanced_accuracy", confusion.balancedAccuracy());
        } else {
            figures.put(prefix + "mse", mse);
            figures.put(prefix + "mae", mae);
            figures.put(prefix + "r2", r2);
        }
        figures.put(prefix + "loss", loss);
        return figures;
    }

    /** A JSON number; NaN and infinities, which JSON lacks, become null. */
    static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.6g", value) : "null";
    }
}
