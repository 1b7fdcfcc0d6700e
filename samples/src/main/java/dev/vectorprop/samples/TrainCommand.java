package dev.vectorprop.samples;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.data.MissingValues;
import dev.vectorprop.data.Scaler;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Precision;
import dev.vectorprop.nn.Provenance;
import dev.vectorprop.optim.AdaGrad;
import dev.vectorprop.optim.Adam;
import dev.vectorprop.optim.Momentum;
import dev.vectorprop.optim.Optimizer;
import dev.vectorprop.optim.RmsProp;
import dev.vectorprop.optim.Sgd;
import dev.vectorprop.train.EpochResult;
import dev.vectorprop.train.History;
import dev.vectorprop.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vectorprop train}: trains a network on a data set, reports test metrics, keeps the model. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a network and report its metrics on held-out test data.")
final class TrainCommand implements Callable<Integer> {
    enum Task { CLASSIFICATION, REGRESSION }

    enum ScaleKind { ZSCORE, MINMAX, NONE }

    enum OptimizerName { GD, SGD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP, ADAM }

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "fashion-mnist", description = "A CSV file, a folder of IDX files, "
            + "'fashion-mnist' or 'california-housing' (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--target", split = ",", description = "CSV: the target column(s), by name or 0-based index.")
    List<String> target = new ArrayList<>();

    @Option(names = "--task", defaultValue = "classification", description = "classification or regression "
            + "(default: ${DEFAULT-VALUE}).")
    Task task;

    @Option(names = "--features", split = ",", description = "CSV: the feature columns (default: every other numeric one).")
    List<String> features = new ArrayList<>();

    @Option(names = "--one-hot", split = ",", description = "CSV: text columns to one-hot encode as features.")
    List<String> oneHot = new ArrayList<>();

    @Option(names = "--missing", defaultValue = "error", description = "CSV: empty or non-numeric cells: error, drop "
            + "(the row) or mean (of the training split) (default: ${DEFAULT-VALUE}).")
    MissingValues missing;

    @Option(names = "--scale", description = "zscore, minmax or none (default: zscore for CSV inputs and regression "
            + "targets; IDX pixels are divided by 255).")
    ScaleKind scale;

    @Option(names = "--layers", split = ",", description = "Every layer width from the input to the output "
            + "(default: 784,512,512,10 for Fashion-MNIST, else features,64,64,outputs).")
    int[] layers;

    @Option(names = "--activation", defaultValue = "relu", description = "Hidden activation (default: ${DEFAULT-VALUE}).")
    Activation activation;

    @Option(names = "--output", description = "Output activation (default: softmax for classification, identity "
            + "for regression).")
    Activation output;

    @Option(names = "--loss", description = "Loss (default: cross_entropy for classification, mse for regression).")
    Loss loss;

    @Option(names = "--optimizer", defaultValue = "adam", description = "gd (full batch), sgd, momentum, nesterov, "
            + "adagrad, rmsprop or adam (default: ${DEFAULT-VALUE}).")
    OptimizerName optimizer;

    @Option(names = "--lr", defaultValue = "0.001", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--batch", defaultValue = "64", description = "Rows per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--epochs", defaultValue = "10", description = "Passes over the data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of splits, weights and shuffling "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Training threads (default: all processors).")
    Integer threads;

    @Option(names = "--kernels", defaultValue = "auto", description = "scalar, simd or auto (default: ${DEFAULT-VALUE}).")
    String kernels;

    @Option(names = "--validation", description = "A fraction of the training data held out to validate each epoch.")
    Double validation;

    @Option(names = "--test", defaultValue = "0.2", description = "CSV: a test file, or the fraction of the rows held "
            + "out for testing (default: ${DEFAULT-VALUE}).")
    String test;

    @Option(names = "--model", description = "Save the trained model to this file.")
    Path model;

    @Option(names = "--plot", description = "Write a PNG of loss and accuracy per epoch to this file.")
    Path plot;

    @Option(names = "--json", description = "Print the final metrics as one JSON object, the last line of output.")
    boolean json;

    @Option(names = "--quiet", description = "Print no progress.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        LoadedData loaded = load();
        Dataset train = loaded.train();
        Dataset validationSet = null;
        if (validation != null) {
            Dataset[] parts = train.split(validation, seed + 1);
            train = parts[0];
            validationSet = parts[1];
        }
        boolean classification = train.isClassification();
        Scaler inputScaler = inputScaler(loaded, train);
        Scaler targetScaler = classification ? Scaler.none(train.targetWidth())
                : Scaler.fit(scale != null ? kind(scale) : Scaler.Kind.Z_SCORE, train.targets(), train.targetWidth(),
                        loaded.targetNames());
        train = scaled(train, inputScaler, targetScaler);
        if (validationSet != null) {
            validationSet = scaled(validationSet, inputScaler, targetScaler);
        }

        Network network = buildNetwork(train, classification);
        Kernels k = KernelChoice.choose(kernels, spec);
        int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Loss lossFunction = loss != null ? loss : classification ? Loss.CROSS_ENTROPY : Loss.MSE;
        Trainer.Builder builder = Trainer.builder(lossFunction, newOptimizer()).kernels(k)
                .batchSize(optimizer == OptimizerName.GD ? Trainer.FULL_BATCH : batch).epochs(epochs).seed(seed)
                .threads(threadCount);
        if (!quiet) {
            builder.listener(new Progress(System.out, Progress.onTerminal(), epochs, batch));
            System.out.printf("training %s on %s (%,d rows, %d features) with %s kernels, %d thread(s), batch %d%n",
                    Arrays.toString(widths(train)), loaded.description(), train.rows(), train.features(), k.name(),
                    threadCount, batch);
        }
        Trainer trainer = builder.build();
        History history = trainer.fit(network, train, validationSet);
        double seconds = history.epochs().stream().mapToDouble(EpochResult::seconds).sum();

        Model trained = new Model(network, inputScaler, targetScaler, classification ? loaded.classNames() : null,
                loaded.featureNames(), loaded.targetNames(), null);
        Report report = Report.of(trained.predictor(k, Precision.FP32), loaded.test(), lossFunction, targetScaler,
                loaded.classNames());
        if (!quiet) {
            System.out.println(report.text());
        }
        if (model != null) {
            trained.withProvenance(provenance(k, threadCount, network, loaded.train(), report)).save(model);
            if (!quiet) {
                System.out.println("model saved to " + model);
            }
        }
        if (plot != null) {
            writePlot(history, classification);
        }
        if (json) {
            EpochResult last = history.last();
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "{\"train\":{\"loss\":%s}",
                    Report.number(last.trainingLoss())));
            if (validationSet != null) {
                out.append(String.format(Locale.ROOT, ",\"validation\":{\"loss\":%s", Report.number(last.validationLoss())));
                if (classification) {
                    out.append(",\"accuracy\":").append(Report.number(last.validationAccuracy()));
                }
                out.append('}');
            }
            out.append(",\"test\":").append(report.json());
            out.append(String.format(Locale.ROOT, ",\"epochs\":%d,\"seconds\":%.3f,\"samples_per_second\":%.1f}",
                    history.epochs().size(), seconds, history.epochs().size() * (double) train.rows() / seconds));
            System.out.println(out);
        }
        return 0;
    }

    /**
     * How this model was made: the command as typed, every option's effective value (defaults included),
     * the network, the kernels and threads, the raw training data's fingerprint, the test metrics.
     */
    private Provenance provenance(Kernels k, int threadCount, Network network, Dataset rawTrain, Report report) {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("command", "vectorprop " + String.join(" ",
                spec.commandLine().getParseResult().originalArgs()));
        for (OptionSpec option : spec.options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                Object value = option.getValue();
                configuration.put(option.longestName().replaceFirst("^--", ""), value == null ? ""
                        : value instanceof int[] widths ? Arrays.toString(widths) : String.valueOf(value));
            }
        }
        configuration.put("network", network.toString());
        configuration.put("kernels", k.name());
        configuration.put("threads", Integer.toString(threadCount));
        return Provenance.of(configuration, Provenance.DataFingerprint.of(rawTrain), report.metrics("test."));
    }

    private LoadedData load() throws java.io.IOException {
        if (LoadedData.isIdx(data)) {
            return LoadedData.fashionMnist(data, System.out);
        }
        if (target.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--target is required for a CSV file: name the column(s) "
                    + "to predict, e.g. --target median_house_value");
        }
        if (LoadedData.isNumber(test) && !LoadedData.isFraction(test)) {
            throw new ParameterException(spec.commandLine(), "--test must be a fraction strictly between 0 and 1, "
                    + "or a CSV file; got " + test);
        }
        return LoadedData.csv(data, new LoadedData.CsvOptions(target, features, oneHot,
                task == Task.CLASSIFICATION, missing), test, seed, System.out);
    }

    /**
     * The input scaler: {@code --scale} fitted on the training split; by default z-score for CSV and, for
     * IDX images, pixels (0–255) to [0, 1], so the model takes raw pixels as IDX and CSV files hold them.
     */
    private Scaler inputScaler(LoadedData loaded, Dataset train) {
        if (scale == null && !loaded.csv()) {
            float[] shift = new float[train.features()];
            float[] factor = new float[train.features()];
            Arrays.fill(factor, 1f / 255);
            return new Scaler(Scaler.Kind.MIN_MAX, shift, factor);
        }
        return Scaler.fit(scale != null ? kind(scale) : Scaler.Kind.Z_SCORE, train.inputs(), train.features(),
                loaded.featureNames());
    }

    private static Scaler.Kind kind(ScaleKind scale) {
        return switch (scale) {
            case ZSCORE -> Scaler.Kind.Z_SCORE;
            case MINMAX -> Scaler.Kind.MIN_MAX;
            case NONE -> Scaler.Kind.NONE;
        };
    }

    /** A scaled copy (the data set's own arrays are not touched). */
    static Dataset scaled(Dataset data, Scaler inputs, Scaler targets) {
        float[] x = data.inputs().clone();
        inputs.transform(x);
        if (data.isClassification()) {
            int[] labels = new int[data.rows()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = data.label(i);
            }
            return Dataset.classification(x, data.features(), labels, data.targetWidth());
        }
        float[] y = data.targets().clone();
        targets.transform(y);
        return Dataset.of(x, data.features(), y, data.targetWidth());
    }

    private int[] widths(Dataset train) {
        if (layers != null) {
            return layers;
        }
        return train.features() == 784 ? new int[] {784, 512, 512, train.targetWidth()}
                : new int[] {train.features(), 64, 64, train.targetWidth()};
    }

    private Network buildNetwork(Dataset train, boolean classification) {
        int[] w = widths(train);
        if (w.length < 2) {
            throw new ParameterException(spec.commandLine(), "--layers needs at least an input and an output width");
        }
        if (w[0] != train.features()) {
            throw new ParameterException(spec.commandLine(), "--layers starts with " + w[0] + " but the data has "
                    + train.features() + " features per row: start with " + train.features());
        }
        if (w[w.length - 1] != train.targetWidth()) {
            throw new ParameterException(spec.commandLine(), "--layers ends with " + w[w.length - 1] + " but the data has "
                    + train.targetWidth() + (classification ? " classes" : " targets") + ": end with "
                    + train.targetWidth());
        }
        Network.Builder builder = Network.builder(w[0]).seed(seed);
        for (int i = 1; i < w.length - 1; i++) {
            builder.dense(w[i], activation);
        }
        Activation out = output != null ? output : classification ? Activation.SOFTMAX : Activation.IDENTITY;
        return builder.dense(w[w.length - 1], out).build();
    }

    private Optimizer newOptimizer() {
        return switch (optimizer) {
            case GD, SGD -> new Sgd(learningRate);
            case MOMENTUM -> Momentum.classic(learningRate, 0.9f);
            case NESTEROV -> Momentum.nesterov(learningRate, 0.9f);
            case ADAGRAD -> new AdaGrad(learningRate);
            case RMSPROP -> new RmsProp(learningRate);
            case ADAM -> new Adam(learningRate);
        };
    }

    private void writePlot(History history, boolean classification) throws java.io.IOException {
        double[] epochNumbers = history.epochs().stream().mapToDouble(EpochResult::epoch).toArray();
        LinePlot chart = new LinePlot("Training of " + Arrays.toString(layers != null ? layers : new int[0])
                .replace("[]", "the network") + " on " + data, "epoch", classification ? "loss / accuracy" : "loss");
        chart.add("training loss", epochNumbers, history.epochs().stream().mapToDouble(EpochResult::trainingLoss).toArray());
        if (validation != null) {
            chart.add("validation loss", epochNumbers,
                    history.epochs().stream().mapToDouble(EpochResult::validationLoss).toArray());
            if (classification) {
                chart.add("validation accuracy", epochNumbers,
                        history.epochs().stream().mapToDouble(EpochResult::validationAccuracy).toArray());
            }
        }
        chart.write(plot);
        if (!quiet) {
            System.out.println("plot written to " + plot);
        }
    }
}
