package dev.vectorprop.samples;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.data.MissingValues;
import dev.vectorprop.data.Scaler;
import dev.vectorprop.io.Checkpoint;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Precision;
import dev.vectorprop.nn.Provenance;
import dev.vectorprop.optim.Optimizer;
import dev.vectorprop.train.EarlyStopping;
import dev.vectorprop.train.EpochResult;
import dev.vectorprop.train.History;
import dev.vectorprop.train.Pretraining;
import dev.vectorprop.train.Trainer;
import dev.vectorprop.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vectorprop train}: trains a network on a data set, reports test metrics, keeps the model. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a network and report its metrics on held-out test data.")
final class TrainCommand implements Callable<Integer> {
    enum Task { CLASSIFICATION, REGRESSION }

    enum ScaleKind { ZSCORE, MINMAX, NONE }

    enum Pretrain { AUTOENCODER }

    @Spec
    CommandSpec spec;

    /** Runs the epochs instead of this JVM's trainer, or null. */
    private final TrainBackend backend;

    TrainCommand() {
        this(null);
    }

    TrainCommand(TrainBackend backend) {
        this.backend = backend;
    }

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

    @Option(names = "--weight-column", paramLabel = "NAME", description = "CSV: a column of per-row loss weights "
            + "(zero or positive), not a feature (default: none).")
    String weightColumn;

    @Option(names = "--class-weights", paramLabel = "balanced|W0,W1,…", description = "Classification: weigh each "
            + "row's loss by its class's weight, 'balanced' being rows / (classes · rows of the class) over the "
            + "training split, times any --weight-column; also in the validation and test loss (default: none).")
    String classWeights;

    @Option(names = "--scale", description = "zscore, minmax or none (default: zscore for CSV inputs and regression "
            + "targets; IDX pixels are divided by 255).")
    ScaleKind scale;

    @Option(names = "--layers", split = ",", description = "Every layer width from the input to the output "
            + "(default: 784,512,512,10 for Fashion-MNIST, else features,64,64,outputs).")
    int[] layers;

    @Mixin
    EngineOptions engine;

    @Option(names = "--batch", defaultValue = "64", description = "Rows per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--epochs", defaultValue = "10", description = "Passes over the data; with --resume, the total "
            + "to reach (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--pretrain", paramLabel = "autoencoder", description = "Greedy layer-wise pretraining before "
            + "training: each hidden dense layer in turn, from the input up, as the encoder of an autoencoder of its "
            + "input (default: none).")
    Pretrain pretrain;

    @Option(names = "--pretrain-epochs", defaultValue = "5", paramLabel = "N", description = "Epochs of each "
            + "layer's autoencoder with --pretrain, not counted in --epochs (default: ${DEFAULT-VALUE}).")
    int pretrainEpochs;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of splits, weights and shuffling "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Training threads (default: all processors).")
    Integer threads;

    @Option(names = "--shards", description = "Parts each batch is split into, the unit of parallel work; the same "
            + "seed and shards give the same bits with any number of threads (default: the threads).")
    Integer shards;

    @Option(names = "--kernels", defaultValue = "auto", description = "scalar, simd or auto (default: ${DEFAULT-VALUE}).")
    String kernels;

    @Option(names = "--validation", description = "A fraction of the training data held out to validate each epoch.")
    Double validation;

    @Option(names = "--test", defaultValue = "0.2", description = "CSV: a test file, or the fraction of the rows held "
            + "out for testing (default: ${DEFAULT-VALUE}).")
    String test;

    @Option(names = "--model", description = "Save the trained model to this file (also when interrupted, and the "
            + "last completed epoch's when training diverges).")
    Path model;

    @Option(names = "--checkpoint", description = "Save a checkpoint (the model and the trainer's and optimizer's "
            + "state) to this file every --checkpoint-every epochs, at the end and when interrupted.")
    Path checkpoint;

    @Option(names = "--checkpoint-every", defaultValue = "1", paramLabel = "N", description = "Epochs between "
            + "checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Go on from a checkpoint, bit for bit as if "
            + "never stopped, until --epochs in all; every option not given is the checkpoint's, and only --epochs, "
            + "--model, --checkpoint, --checkpoint-every, --plot, --json, --quiet, --threads and --data may differ.")
    Path resume;

    @Option(names = "--plot", description = "Write a PNG of loss and accuracy per epoch to this file.")
    Path plot;

    @Option(names = "--json", description = "Print the final metrics as one JSON object, the last line of output.")
    boolean json;

    @Option(names = "--quiet", description = "Print no progress.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (resume == null) {
            return train(null);
        }
        if (!Files.isRegularFile(resume)) {
            throw new IOException("no such checkpoint file: " + resume);
        }
        Checkpoint.Contents saved = Checkpoint.load(resume);
        return Resume.command(spec, resume, saved).train(saved);
    }

    /** Trains from scratch, or from {@code saved} (a checkpoint whose options this command has). */
    private int train(Checkpoint.Contents saved) throws Exception {
        if (engine.fullBatch() && checkpoint != null) {
            throw new ParameterException(spec.commandLine(), "--optimizer " + Configuration.text(engine.optimizer)
                    + " keeps its history in memory only: it takes no --checkpoint, and cannot --resume");
        }
        if (checkpointEvery <= 0) {
            throw new ParameterException(spec.commandLine(), "--checkpoint-every must be positive, not " + checkpointEvery);
        }
        if (pretrainEpochs <= 0) {
            throw new ParameterException(spec.commandLine(), "--pretrain-epochs must be positive, not " + pretrainEpochs);
        }
        if (backend != null) {
            refuseWithBackend();
        }
        checkDestination(model, "--model");
        checkDestination(checkpoint, "--checkpoint");
        checkDestination(plot, "--plot");
        Kernels k = KernelChoice.choose(kernels, spec);
        Thread warmUp = KernelChoice.warmUpWhileLoading(k);
        LoadedData loaded = load();
        Provenance.DataFingerprint fingerprint = Provenance.DataFingerprint.of(loaded.train());
        if (saved != null) {
            Resume.checkData(resume, saved, fingerprint);
        }
        Dataset train = loaded.train();
        Dataset validationSet = null;
        if (validation != null) {
            Dataset[] parts = train.split(validation, seed + 1);
            train = parts[0];
            validationSet = parts[1];
        }
        boolean classification = train.isClassification();
        float[] perClass = classWeights(train);
        if (perClass != null) {
            train = train.withClassWeights(perClass);
            validationSet = validationSet == null ? null : validationSet.withClassWeights(perClass);
        }
        engine.resolve(classification);
        engine.resolveSchedule(backend == null && !loaded.csv() && (saved == null || saved.model().provenance().configuration()
                .containsKey("lr-schedule")));
        layers = widths(train);
        Scaler inputScaler = saved != null ? saved.model().inputScaler() : inputScaler(loaded, train);
        Scaler targetScaler = saved != null ? saved.model().targetScaler() : targetScaler(loaded, train);
        Network network = saved != null ? saved.model().network() : buildNetwork(train, classification);
        train = prepared(train, inputScaler, targetScaler);
        if (validationSet != null) {
            validationSet = prepared(validationSet, inputScaler, targetScaler);
        }

        // the data is ready: training's own steps now keep the compiler fed, and a warm-up still waiting for the
        // compiler to go quiet would take a core from the first epochs (epoch 1 median 2.50 s -> 2.27 s)
        warmUp.interrupt();
        Integer explicitThreads = threads;
        threads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        shards = shards != null ? shards : threads;
        Object optimizer = engine.newOptimizer();
        Model current = new Model(network, inputScaler, targetScaler, classification ? loaded.classNames() : null,
                loaded.featureNames(), loaded.targetNames(),
                Configuration.provenance(spec, k, network, optimizer, fingerprint, saved, Map.of()));
        int batchRows = engine.optimizer == EngineOptions.OptimizerName.GD || engine.fullBatch() ? Trainer.FULL_BATCH
                : batch;
        int done = saved != null ? saved.progress().epochs() : 0;
        if (epochs <= done) {
            throw new ParameterException(spec.commandLine(), resume + " has done " + done + " epochs: --epochs is the "
                    + "total to reach, so ask for more than " + done);
        }
        EarlyStopping stopping = engine.earlyStopping(validationSet != null, classification);
        String started = saved == null ? null : saved.model().provenance().configuration().get("epochs");
        String unresumable = saved == null ? null : stopping != null ? "--early-stopping, whose state checkpoints do not hold"
                : engine.lrSchedule.kind().equals("plateau") ? "--lr-schedule plateau, whose state checkpoints do not hold"
                : engine.lrSchedule.kind().equals("cosine") && !String.valueOf(epochs).equals(started)
                ? "--lr-schedule cosine to other --epochs than the " + started + " its curve spans" : null;
        if (unresumable != null) {
            throw new ParameterException(spec.commandLine(), "--resume cannot go on with " + unresumable);
        }
        Trainer.Builder builder = engine.trainer(optimizer, k, epochs).batchSize(batchRows).epochs(epochs - done)
                .seed(seed).threads(threads).shards(shards).earlyStopping(stopping);
        Progress progress = quiet ? null : new Progress(System.out, Progress.onTerminal(), epochs, batch);
        if (!quiet) {
            builder.listener(progress);
            System.out.printf("training %s on %s (%,d rows, %d features) with %s, batch %d%s%n",
                    Arrays.toString(layers), backend != null && loaded.csv() ? data : loaded.description(), train.rows(),
                    train.features(), backend != null ? backend.describe() : k.name() + " kernels, " + threads + " thread(s)",
                    batch, saved != null ? ", from epoch " + done + " of " + resume : "");
        }
        if (checkpoint != null) {
            builder.listener(Checkpoint.every(checkpointEvery, checkpoint, current));
        }
        LastGoodEpoch lastGood = new LastGoodEpoch(network);
        if (saved != null && saved.progress().batches() == 0) {
            lastGood.take(done);
        }
        Interrupt interrupt = new Interrupt();
        Trainer trainer = builder.listener(lastGood).listener(interrupt).build();
        if (saved != null) {
            trainer.restore(saved.progress());
        } else if (pretrain != null) {
            pretrain(network, train, k, batchRows); // only at the start: a checkpoint holds the pretrained weights
        }
        History history;
        try (interrupt) {
            interrupt.watch(trainer);
            history = backend == null ? trainer.fit(network, train, validationSet)
                    : backend.fit(new TrainBackend.Plan(engine.loss, engine.reduction, engine.l2,
                    engine.optimizerSettings(), batchRows, epochs, seed, explicitThreads), network, train, validationSet,
                    progress == null ? List.of(lastGood) : List.of(progress, lastGood), interrupt::requested);
        } catch (TrainingDivergedException e) {
            return Stop.diverged(e, lastGood, current, model);
        }
        if (interrupt.requested() && backend != null) {
            return Stop.interrupted("after epoch " + history.epochs().size(), current, model);
        }
        if (interrupt.requested()) {
            int rowsPerStep = Math.min(batchRows, train.rows());
            return Stop.interrupted(trainer, current, (train.rows() + rowsPerStep - 1) / rowsPerStep, model, checkpoint);
        }

        Dataset test = perClass == null ? loaded.test() : loaded.test().withClassWeights(perClass);
        test = engine.loss == Loss.SQUARED_HINGE ? test.signedTargets() : test;
        Report report = Report.of(current.predictor(k, Precision.FP32), test, engine.loss, targetScaler,
                loaded.classNames());
        if (!quiet) {
            System.out.println(report.text());
        }
        if (model != null) {
            current.withProvenance(Configuration.provenance(spec, k, network, optimizer, fingerprint, saved,
                    report.metrics("test.")))
                    .save(model);
            if (!quiet) {
                System.out.println("model saved to " + model);
            }
        }
        if (plot != null) {
            writePlot(history, classification);
        }
        if (json) {
            System.out.println(report.summary(history, train.rows(), validationSet != null, stopping));
        }
        return 0;
    }

    /** What a backend's training loop does not do: refused by name rather than ignored. */
    private void refuseWithBackend() {
        String option = resume != null ? "--resume" : checkpoint != null ? "--checkpoint" : pretrain != null ? "--pretrain"
                : shards != null ? "--shards (each partition is a shard)" : !kernels.equals("auto") ? "--kernels"
                : engine.convergence.length == 2 && engine.convergence[1] > 0 ? "--convergence's tolerance"
                : engine.earlyStopping != null ? "--early-stopping" : engine.clipNorm != 0 ? "--clip-norm"
                : engine.clipValue != 0 ? "--clip-value" : engine.lrSchedule != null
                && !engine.lrSchedule.kind().equals("constant") ? "--lr-schedule"
                : engine.warmup != null && engine.warmup != 0 ? "--warmup" : null;
        if (option != null) {
            throw new ParameterException(spec.commandLine(), option + " is for the single-JVM trainer: "
                    + backend.describe() + " does not take it");
        }
    }

    /** {@code --pretrain}: the autoencoders train with this run's optimizer settings, batch, kernels and shards. */
    private void pretrain(Network network, Dataset train, Kernels k, int batchRows) {
        if (!(engine.newOptimizer() instanceof Optimizer)) {
            throw new ParameterException(spec.commandLine(), "--pretrain trains its autoencoders by mini-batches: "
                    + "use it with a mini-batch --optimizer (sgd … adamw), not lbfgs or cg");
        }
        List<History> histories = Pretraining.autoencoders(network, train, pretrainEpochs, seed,
                () -> (Optimizer) engine.newOptimizer(), b -> b.kernels(k).batchSize(batchRows).threads(threads)
                        .shards(shards));
        for (int i = 0; !quiet && i < histories.size(); i++) {
            List<EpochResult> epochs = histories.get(i).epochs();
            System.out.printf("pretrained hidden layer %d as an autoencoder: reconstruction loss %.5f → %.5f%n", i + 1,
                    epochs.getFirst().trainingLoss(), epochs.getLast().trainingLoss());
        }
    }

    /** Fails before training rather than after it when a file cannot be written where asked. */
    private static void checkDestination(Path file, String option) throws IOException {
        if (file == null) {
            return;
        }
        Path absolute = file.toAbsolutePath();
        Path folder = absolute.getParent();
        String problem = Files.isDirectory(absolute) ? "it is a folder"
                : !Files.isDirectory(folder) ? "the folder " + folder + " does not exist"
                : !Files.isWritable(folder) ? "the folder " + folder + " is not writable" : null;
        if (problem != null) {
            throw new IOException("cannot write " + option + " " + file + ": " + problem);
        }
    }

    private LoadedData load() throws IOException {
        String file = backend == null ? data : backend.dataFile(data);
        if (LoadedData.isIdx(file)) {
            if (weightColumn != null) {
                throw new ParameterException(spec.commandLine(), "--weight-column is for a CSV file");
            }
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
        return LoadedData.csv(file, new LoadedData.CsvOptions(target, features, oneHot,
                task == Task.CLASSIFICATION, missing, weightColumn), test, seed, System.out);
    }

    /** {@code --class-weights} for the training rows, or null without it. */
    private float[] classWeights(Dataset train) {
        if (classWeights == null) {
            return null;
        }
        if (!train.isClassification()) {
            throw new ParameterException(spec.commandLine(), "--class-weights is for classification");
        }
        if (classWeights.equals("balanced")) {
            return train.balancedClassWeights();
        }
        String[] values = classWeights.split(",");
        if (values.length != train.targetWidth()) {
            throw new ParameterException(spec.commandLine(), "--class-weights gives " + values.length + " weights for "
                    + train.targetWidth() + " classes: give one per class, or 'balanced'");
        }
        float[] weights = new float[values.length];
        for (int c = 0; c < values.length; c++) {
            try {
                weights[c] = Float.parseFloat(values[c].trim());
            } catch (NumberFormatException e) {
                weights[c] = Float.NaN;
            }
            if (!(weights[c] >= 0) || Float.isInfinite(weights[c])) {
                throw new ParameterException(spec.commandLine(), "--class-weights takes 'balanced' or numbers ≥ 0, "
                        + "comma-separated, not '" + values[c] + "'");
            }
        }
        return weights;
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

    /**
     * The regression target scaler: {@code --scale}, by default z-score, but min-max for MSLE, whose ln(1 + y)
     * needs targets ≥ 0 (z-scores go below −1) and whose default sigmoid output reaches [0, 1]; an explicit
     * scale that leaves that range is refused.
     */
    private Scaler targetScaler(LoadedData loaded, Dataset train) {
        if (train.isClassification()) {
            return Scaler.none(train.targetWidth());
        }
        boolean msle = engine.loss == Loss.MSLE;
        Scaler scaler = Scaler.fit(scale != null ? kind(scale) : msle ? Scaler.Kind.MIN_MAX : Scaler.Kind.Z_SCORE,
                train.targets(), train.targetWidth(), loaded.targetNames());
        if (msle) {
            float[] y = train.targets().clone();
            scaler.transform(y);
            float lowest = Float.POSITIVE_INFINITY;
            float highest = Float.NEGATIVE_INFINITY;
            for (float v : y) {
                lowest = Math.min(lowest, v);
                highest = Math.max(highest, v);
            }
            if (lowest < 0 || highest > 1 && engine.output == Activation.SIGMOID) {
                throw new ParameterException(spec.commandLine(), "--loss msle takes ln(1 + y) and needs targets ≥ 0"
                        + (engine.output == Activation.SIGMOID ? " (and ≤ 1 for its sigmoid output)" : "") + ", but --scale "
                        + Configuration.text(scale) + " makes them " + lowest + " to " + highest + ": use --scale minmax (the default "
                        + "for msle)");
            }
        }
        return scaler;
    }

    /** The data set scaled as the network takes it, with ±1 one-hot targets for the squared hinge. */
    private Dataset prepared(Dataset data, Scaler inputs, Scaler targets) {
        Dataset scaled = scaled(data, inputs, targets);
        return engine.loss == Loss.SQUARED_HINGE && scaled.isClassification() ? scaled.signedTargets() : scaled;
    }

    private static Scaler.Kind kind(ScaleKind scale) {
        return switch (scale) {
            case ZSCORE -> Scaler.Kind.Z_SCORE;
            case MINMAX -> Scaler.Kind.MIN_MAX;
            case NONE -> Scaler.Kind.NONE;
        };
    }

    /** A scaled copy (the data set's own arrays are not touched), with the same row weights. */
    static Dataset scaled(Dataset data, Scaler inputs, Scaler targets) {
        float[] x = data.inputs().clone();
        inputs.transform(x);
        if (data.isClassification()) {
            return data.withInputs(x);
        }
        float[] y = data.targets().clone();
        targets.transform(y);
        return data.withInputs(x).withTargets(y);
    }

    /** {@code --layers}, or the default widths for the data. */
    private int[] widths(Dataset train) {
        if (layers != null) {
            return layers;
        }
        return train.features() == 784 ? new int[] {784, 512, 512, train.targetWidth()}
                : new int[] {train.features(), 64, 64, train.targetWidth()};
    }

    private Network buildNetwork(Dataset train, boolean classification) {
        int[] w = layers;
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
        return engine.network(w, seed);
    }

    private void writePlot(History history, boolean classification) throws IOException {
        double[] epochNumbers = history.epochs().stream().mapToDouble(EpochResult::epoch).toArray();
        LinePlot chart = new LinePlot("Training of " + Arrays.toString(layers) + " on " + data, "epoch",
                classification ? "loss / accuracy" : "loss");
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
