package dev.vectorprop.samples;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.data.FashionMnist;
import dev.vectorprop.data.IdxReader;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.optim.AdaGrad;
import dev.vectorprop.optim.Adam;
import dev.vectorprop.optim.Momentum;
import dev.vectorprop.optim.Optimizer;
import dev.vectorprop.optim.RmsProp;
import dev.vectorprop.optim.Sgd;
import dev.vectorprop.train.EpochResult;
import dev.vectorprop.train.Evaluation;
import dev.vectorprop.train.History;
import dev.vectorprop.train.Trainer;
import dev.vectorprop.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code vectorprop train}: trains a network on a data set and prints its test accuracy. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a network and report its accuracy on the test set.")
final class TrainCommand implements Callable<Integer> {
    enum OptimizerName { SGD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP, ADAM }

    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "fashion-mnist",
            description = "'fashion-mnist' or a folder holding its IDX files (default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--layers", split = ",", defaultValue = "784,512,512,10",
            description = "Every layer width from the input to the output (default: ${DEFAULT-VALUE}).")
    int[] layers;

    @Option(names = "--activation", defaultValue = "relu", description = "Hidden activation (default: ${DEFAULT-VALUE}).")
    Activation activation;

    @Option(names = "--optimizer", defaultValue = "adam", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OptimizerName optimizer;

    @Option(names = "--lr", defaultValue = "0.001", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--batch", defaultValue = "64", description = "Rows per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--epochs", defaultValue = "10", description = "Passes over the data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of weights and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Training threads (default: all processors).")
    Integer threads;

    @Option(names = "--kernels", defaultValue = "auto", description = "scalar, simd or auto (default: ${DEFAULT-VALUE}).")
    String kernels;

    @Override
    public Integer call() throws Exception {
        Dataset[] trainAndTest = loadData();
        Dataset train = trainAndTest[0];
        Dataset test = trainAndTest[1];
        Network network = buildNetwork(train);
        Kernels k = chooseKernels();
        int threadCount = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Trainer trainer = Trainer.builder(Loss.CROSS_ENTROPY, newOptimizer()).kernels(k).batchSize(batch)
                .epochs(epochs).seed(seed).threads(threadCount).listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochResult r) {
                        System.out.printf("epoch %3d  loss %.4f  %.2f s  %,.0f samples/s%n", r.epoch(), r.trainingLoss(),
                                r.seconds(), r.samplesPerSecond());
                    }
                }).build();
        System.out.printf("training %s on %s with %s kernels, %d thread(s), batch %d%n",
                Arrays.toString(layers), train, k.name(), threadCount, batch);
        History history = trainer.fit(network, train);
        Evaluation result = trainer.evaluate(network, test);
        double seconds = history.epochs().stream().mapToDouble(EpochResult::seconds).sum();
        System.out.printf("test accuracy %.4f, test loss %.4f, %d epochs in %.1f s%n", result.accuracy(), result.loss(),
                history.epochs().size(), seconds);
        return 0;
    }

    /** Fashion-MNIST from Debian's package, or else the 10% sample shipped in this jar. */
    private Dataset[] loadData() throws IOException {
        if (!data.equals("fashion-mnist")) {
            Path directory = Path.of(data);
            return new Dataset[] {FashionMnist.training(directory), FashionMnist.test(directory)};
        }
        if (FashionMnist.isInstalled(FashionMnist.DEFAULT_DIRECTORY)) {
            return new Dataset[] {FashionMnist.training(FashionMnist.DEFAULT_DIRECTORY),
                    FashionMnist.test(FashionMnist.DEFAULT_DIRECTORY)};
        }
        System.out.println("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist): using the "
                + "6,000-image sample shipped with vectorprop; expect a lower accuracy than on the full set.");
        return new Dataset[] {bundled("train"), bundled("t10k")};
    }

    private static Dataset bundled(String prefix) throws IOException {
        String images = "fashion-mnist-small/" + prefix + "-images-idx3-ubyte.gz";
        String labels = "fashion-mnist-small/" + prefix + "-labels-idx1-ubyte.gz";
        try (InputStream x = TrainCommand.class.getResourceAsStream(images);
             InputStream y = TrainCommand.class.getResourceAsStream(labels)) {
            if (x == null || y == null) {
                throw new IOException("the bundled Fashion-MNIST sample is missing from the jar: " + images);
            }
            return IdxReader.read(images, x, labels, y, FashionMnist.CLASSES);
        }
    }

    private Network buildNetwork(Dataset train) {
        if (layers.length < 2) {
            throw new ParameterException(spec.commandLine(), "--layers needs at least an input and an output width");
        }
        if (layers[0] != train.features()) {
            throw new ParameterException(spec.commandLine(), "--layers starts with " + layers[0]
                    + " but the data has " + train.features() + " features per row");
        }
        if (layers[layers.length - 1] != train.targetWidth()) {
            throw new ParameterException(spec.commandLine(), "--layers ends with " + layers[layers.length - 1]
                    + " but the data has " + train.targetWidth() + " classes");
        }
        Network.Builder builder = Network.builder(layers[0]).seed(seed);
        for (int i = 1; i < layers.length - 1; i++) {
            builder.dense(layers[i], activation);
        }
        return builder.dense(layers[layers.length - 1], Activation.SOFTMAX).build();
    }

    private Kernels chooseKernels() {
        return switch (kernels) {
            case "scalar" -> Kernels.scalar();
            case "auto" -> Kernels.auto();
            case "simd" -> {
                Kernels k = Kernels.auto();
                if (k == Kernels.scalar()) {
                    throw new ParameterException(spec.commandLine(),
                            "--kernels simd needs the JVM flag --add-modules jdk.incubator.vector and the simd jar");
                }
                yield k;
            }
            default -> throw new ParameterException(spec.commandLine(),
                    "--kernels must be scalar, simd or auto, not '" + kernels + "'");
        };
    }

    private Optimizer newOptimizer() {
        return switch (optimizer) {
            case SGD -> new Sgd(learningRate);
            case MOMENTUM -> Momentum.classic(learningRate, 0.9f);
            case NESTEROV -> Momentum.nesterov(learningRate, 0.9f);
            case ADAGRAD -> new AdaGrad(learningRate);
            case RMSPROP -> new RmsProp(learningRate);
            case ADAM -> new Adam(learningRate);
        };
    }
}
