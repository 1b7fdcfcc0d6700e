package dev.vectorprop.samples;

import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Initializer;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Reduction;
import dev.vectorprop.optim.ConjugateGradient;
import dev.vectorprop.optim.FullBatchOptimizer;
import dev.vectorprop.optim.LearningRateSchedule;
import dev.vectorprop.optim.Optimizer;
import dev.vectorprop.optim.OptimizerSettings;
import dev.vectorprop.train.EarlyStopping;
import dev.vectorprop.train.Trainer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** The network, loss, optimizer and trainer options of {@code train}, and what they build. */
final class EngineOptions {
    enum OptimizerName { GD, SGD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP, ADAM, ADAMW, LBFGS, CG }

    enum CgMethod { PR, FR }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--activation", defaultValue = "relu", description = "Hidden activation (default: ${DEFAULT-VALUE}).")
    Activation activation;

    @Option(names = "--output", description = "Output activation (default: softmax for classification, sigmoid "
            + "for msle, else identity).")
    Activation output;

    @Option(names = "--batch-norm", description = "Batch normalization before each hidden activation: dense "
            + "(identity), batch norm, then the activation (default: off).")
    boolean batchNorm;

    @Option(names = "--dropout", split = ",", paramLabel = "RATE", description = "Dropout after each hidden layer: one "
            + "rate for all, or one per hidden layer, comma-separated; 0 for none (default: none).")
    List<Float> dropout = new ArrayList<>();

    @Option(names = "--init", converter = InitializerConverter.class, paramLabel = "he|glorot|uniform:A",
            description = "Initial weights: he (normal), glorot (uniform) or uniform:A on [−A, A] (default: he for "
                    + "relu layers, glorot for the others).")
    Initializer init;

    @Option(names = "--loss", description = "mse, msle, mae, cross_entropy, binary_cross_entropy or squared_hinge "
            + "(default: cross_entropy for classification, mse for regression).")
    Loss loss;

    @Option(names = "--optimizer", defaultValue = "adam", description = "gd (full batch), sgd, momentum, nesterov, "
            + "adagrad, rmsprop, adam, adamw, or the full-batch lbfgs and cg (conjugate gradient), with a strong Wolfe "
            + "line search, no --lr, and one iteration an epoch (default: ${DEFAULT-VALUE}).")
    OptimizerName optimizer;

    @Option(names = "--cg-method", defaultValue = "pr", description = "cg's β: pr (Polak–Ribière+) or fr "
            + "(Fletcher–Reeves) (default: ${DEFAULT-VALUE}).")
    CgMethod cgMethod;

    @Option(names = "--lbfgs-memory", defaultValue = "10", paramLabel = "M", description = "Steps lbfgs remembers "
            + "(default: ${DEFAULT-VALUE}).")
    int lbfgsMemory;

    @Option(names = "--gradient-tolerance", defaultValue = "1e-5", description = "lbfgs and cg stop when no gradient "
            + "component exceeds this in magnitude (default: ${DEFAULT-VALUE}).")
    double gradientTolerance;

    @Option(names = "--lr", defaultValue = "0.001", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--momentum", defaultValue = "0.9", description = "μ of momentum and nesterov, in [0, 1) "
            + "(default: ${DEFAULT-VALUE}).")
    float momentum;

    @Option(names = "--beta1", defaultValue = "0.9", description = "Adam's first-moment decay, in [0, 1) "
            + "(default: ${DEFAULT-VALUE}).")
    float beta1;

    @Option(names = "--beta2", defaultValue = "0.999", description = "Adam's second-moment decay, in [0, 1) "
            + "(default: ${DEFAULT-VALUE}).")
    float beta2;

    @Option(names = "--rho", defaultValue = "0.9", description = "RMSProp's decay of squared gradients, in [0, 1) "
            + "(default: ${DEFAULT-VALUE}).")
    float rho;

    @Option(names = "--epsilon", defaultValue = "1e-8", description = "The ε of Adam, AdaGrad and RMSProp "
            + "(default: ${DEFAULT-VALUE}).")
    float epsilon;

    @Option(names = "--l2", defaultValue = "0", description = "L2 weight decay λ: adds λ/2·‖W‖² over the weights "
            + "(not biases) to the loss (default: ${DEFAULT-VALUE}).")
    float l2;

    @Option(names = "--weight-decay", defaultValue = "0.01", description = "AdamW's decoupled weight decay wd: "
            + "w −= lr·(m̂/(√v̂ + ε) + wd·w) (default: ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(names = "--clip-norm", defaultValue = "0", paramLabel = "N", description = "Scale each step's gradient "
            + "down to global L2 norm N when longer; 0 for never (default: ${DEFAULT-VALUE}).")
    float clipNorm;

    @Option(names = "--clip-value", defaultValue = "0", paramLabel = "V", description = "Clamp each gradient element "
            + "to [−V, V] (after --clip-norm); 0 for never (default: ${DEFAULT-VALUE}).")
    float clipValue;

    @Option(names = "--reduction", defaultValue = "mean", description = "How a batch's losses combine: mean or sum "
            + "(default: ${DEFAULT-VALUE}).")
    Reduction reduction;

    @Option(names = "--convergence", split = ",", paramLabel = "λ,TOLERANCE", hideParamSyntax = true,
            defaultValue = "0.01,0",
            description = "The smoothed loss Q := λ·L + (1 − λ)·Q over batches, and stopping when Q changes by at "
                    + "most TOLERANCE (relative) over an epoch (e.g. 0.01,0.0001); tolerance 0 never stops "
                    + "(default: ${DEFAULT-VALUE}); for lbfgs and cg, TOLERANCE is on the loss's change over an "
                    + "iteration.")
    double[] convergence;

    @Option(names = "--lr-schedule", converter = ScheduleConverter.class, paramLabel = "SCHEDULE", description = "How the rate changes per epoch: constant; step:SIZE:γ (times γ every "
            + "SIZE epochs; step = step:3:0.5); exponential:γ (times γ every epoch; exponential = exponential:0.9); "
            + "cosine:FLOOR (half a cosine down to FLOOR·lr over --epochs; cosine = cosine:0); plateau:PATIENCE:FACTOR "
            + "(times FACTOR when the validation loss, or without --validation the training loss, has not improved for "
            + "PATIENCE epochs; plateau = plateau:2:0.5) (default: cosine for IDX images, else constant).")
    Schedule lrSchedule;

    @Option(names = "--warmup", paramLabel = "EPOCHS", description = "Raise the rate linearly, "
            + "step by step, from about 0 to the scheduled rate over the first EPOCHS epochs (default: 1 for IDX images, "
            + "else 0).")
    Integer warmup;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE", description = "Stop when the --monitor figure on "
            + "--validation has not improved for PATIENCE epochs, and keep the best epoch's weights (default: off).")
    Integer earlyStopping;

    @Option(names = "--monitor", defaultValue = "loss", description = "What --early-stopping watches on the validation "
            + "split: loss or accuracy (default: ${DEFAULT-VALUE}).")
    EarlyStopping.Monitor monitor;

    @Option(names = "--min-delta", defaultValue = "0", paramLabel = "D", description = "The least change of the "
            + "--monitor figure that counts as improving (default: ${DEFAULT-VALUE}).")
    double minDelta;

    /** Fills in the loss and output activation that the task implies, so that provenance records them. */
    void resolve(boolean classification) {
        if (loss == null) {
            loss = classification ? Loss.CROSS_ENTROPY : Loss.MSE;
        }
        if (output == null) {
            // MSLE's targets are in [0, 1] by default, and its ln(1 + y) needs y > −1, which an identity output misses
            output = classification && loss != Loss.SQUARED_HINGE ? Activation.SOFTMAX
                    : loss == Loss.MSLE ? Activation.SIGMOID : Activation.IDENTITY;
        }
    }

    /**
     * Fills in the schedule and warm-up: for the main job's images a cosine from a one-epoch warm-up (Fashion-MNIST
     * in 10 epochs: 0.9014 against 0.8911), else none, as before; none too for a checkpoint older than these options.
     */
    void resolveSchedule(boolean images) {
        if (lrSchedule == null) {
            lrSchedule = images ? new Schedule("cosine", 0) : new Schedule("constant");
        }
        if (warmup == null) {
            warmup = images ? 1 : 0;
        }
    }

    /** The network of the given layer widths: each hidden layer dense, batch-normalized if asked, then dropout. */
    Network network(int[] widths, long seed) {
        float[] rates = new float[dropout.size()];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = dropout.get(i);
        }
        return checked(() -> Network.mlp(widths, activation, output, batchNorm, rates, init, seed));
    }

    /** Whether the optimizer is a full-batch method, whose state lives in memory only. */
    boolean fullBatch() {
        return optimizer == OptimizerName.LBFGS || optimizer == OptimizerName.CG;
    }

    /** An {@link Optimizer}, or a {@link FullBatchOptimizer} for lbfgs and cg; its text describes its settings. */
    Object newOptimizer() {
        OptimizerSettings settings = optimizerSettings();
        return checked(() -> settings.isFullBatch() ? settings.newFullBatch() : settings.newOptimizer());
    }

    /** The optimizer options as a value. */
    OptimizerSettings optimizerSettings() {
        return new OptimizerSettings(OptimizerSettings.Kind.valueOf(optimizer.name()), learningRate, momentum, beta1,
                beta2, rho, epsilon, weightDecay, lbfgsMemory, gradientTolerance, cgMethod == CgMethod.PR
                ? ConjugateGradient.Formula.POLAK_RIBIERE : ConjugateGradient.Formula.FLETCHER_REEVES);
    }

    /**
     * A trainer builder with the loss, the optimizer, weight decay, reduction, gradient clipping, the smoothed
     * loss's settings and the rate schedule (cosine's over {@code totalEpochs}).
     */
    Trainer.Builder trainer(Object optimizer, Kernels kernels, int totalEpochs) {
        if (convergence.length != 2) {
            throw new ParameterException(spec.commandLine(), "--convergence takes λ,TOLERANCE, e.g. 0.01,1e-4");
        }
        return checked(() -> (optimizer instanceof FullBatchOptimizer method ? Trainer.builder(loss, method)
                : Trainer.builder(loss, (Optimizer) optimizer)).kernels(kernels).l2(l2).reduction(reduction)
                .clipNorm(clipNorm).clipValue(clipValue).smoothing(convergence[0]).convergence(convergence[1])
                .schedule(lrSchedule.build(totalEpochs)).warmup(warmup));
    }

    /** {@code --early-stopping}'s, or null; refused without a validation split or, for accuracy, in regression. */
    EarlyStopping earlyStopping(boolean validated, boolean classification) {
        if (earlyStopping == null) {
            return null;
        }
        if (!validated || monitor == EarlyStopping.Monitor.ACCURACY && !classification) {
            throw new ParameterException(spec.commandLine(), "--early-stopping watches the validation " + (validated
                    ? "accuracy, which regression lacks: use --monitor loss" : "split: give --validation FRACTION too"));
        }
        return checked(() -> new EarlyStopping(earlyStopping, monitor, minDelta));
    }

    /** A {@code --lr-schedule}: its kind and parameters; prints as the command line takes it, for provenance. */
    record Schedule(String kind, double... parameters) {
        LearningRateSchedule build(int totalEpochs) {
            return switch (kind) {
                case "constant" -> null; // the optimizer's rate, untouched
                case "step" -> LearningRateSchedule.step((int) parameters[0], parameters[1]);
                case "exponential" -> LearningRateSchedule.exponential(parameters[0]);
                case "cosine" -> LearningRateSchedule.cosine(totalEpochs, parameters[0]);
                default -> LearningRateSchedule.plateau((int) parameters[0], parameters[1]);
            };
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(kind);
            for (double p : parameters) {
                text.append(':').append(p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p));
            }
            return text.toString();
        }
    }

    /** {@code kind[:p[:q]]}, the missing parameters taken from the kind's defaults. */
    static final class ScheduleConverter implements ITypeConverter<Schedule> {
        private static final Map<String, double[]> DEFAULTS = Map.of("constant", new double[0],
                "step", new double[] {3, 0.5}, "exponential", new double[] {0.9}, "cosine", new double[] {0},
                "plateau", new double[] {2, 0.5});

        @Override
        public Schedule convert(String value) {
            String[] parts = value.toLowerCase(Locale.ROOT).split(":", -1);
            double[] parameters = DEFAULTS.get(parts[0]);
            if (parameters == null || parts.length - 1 > parameters.length) {
                throw new TypeConversionException("--lr-schedule must be constant, step:SIZE:γ, exponential:γ, "
                        + "cosine:FLOOR or plateau:PATIENCE:FACTOR, not '" + value + "'");
            }
            parameters = parameters.clone();
            try {
                for (int i = 1; i < parts.length; i++) {
                    parameters[i - 1] = Double.parseDouble(parts[i]);
                }
            } catch (NumberFormatException e) {
                throw new TypeConversionException("--lr-schedule " + value + ": " + e.getMessage());
            }
            Schedule schedule = new Schedule(parts[0], parameters);
            try {
                if ((parts[0].equals("step") || parts[0].equals("plateau")) && parameters[0] != Math.rint(parameters[0])) {
                    throw new IllegalArgumentException("the epochs must be a whole number, not " + parameters[0]);
                }
                schedule.build(1);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("--lr-schedule " + value + ": " + e.getMessage());
            }
            return schedule;
        }
    }

    /** A value that the engine refuses is a bad flag (exit 2), not bad data. */
    private <T> T checked(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** {@code he}, {@code glorot} or {@code uniform:A}, as {@link Initializer#toString()} writes them. */
    static final class InitializerConverter implements ITypeConverter<Initializer> {
        @Override
        public Initializer convert(String value) {
            String name = value.toLowerCase(Locale.ROOT);
            try {
                return switch (name) {
                    case "he" -> Initializer.HE;
                    case "glorot" -> Initializer.GLOROT;
                    default -> {
                        if (!name.startsWith("uniform:")) {
                            throw new IllegalArgumentException("it is not he, glorot or uniform:A");
                        }
                        yield Initializer.uniform(Double.parseDouble(name.substring("uniform:".length())));
                    }
                };
            } catch (IllegalArgumentException e) { // NumberFormatException included
                throw new TypeConversionException("--init must be he, glorot or uniform:A (e.g. uniform:0.05), not '"
                        + value + "': " + e.getMessage());
            }
        }
    }
}
