package dev.vectorprop.train;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.internal.NetworkAccess;
import dev.vectorprop.internal.Shard;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Reduction;
import dev.vectorprop.optim.FullBatchOptimizer;
import dev.vectorprop.optim.Objective;
import dev.vectorprop.optim.LearningRateSchedule;
import dev.vectorprop.optim.Optimizer;
import dev.vectorprop.optim.OptimizerSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.function.Function;

/**
 * Trains a network by epochs of shuffled mini-batches. Each batch is split into shards by rows; each
 * shard runs forward and backward in its own workspace (in parallel on a {@link ForkJoinPool} when
 * there is more than one), the shard gradients are summed in shard order, and the optimizer takes one
 * step. The partition depends only on the batch and the shard count, so the same seed and shard count
 * give bit-identical weights with any number of threads.
 *
 * <p>A trainer holds the optimizer's state and counts epochs and steps: calling {@link #fit} again
 * continues training where the last call stopped. Each epoch's order and each step's dropout masks
 * are pure functions of the seed and the epoch or step number, so a run can resume from a checkpoint.
 *
 * <p>With a {@link FullBatchOptimizer} (L-BFGS, conjugate gradient) instead, an epoch is one iteration of it
 * on {@link #lossAndGradient} of the whole training set, and training also stops when it has converged.
 */
public final class Trainer {
    /** A batch size meaning "all rows": full-batch gradient descent. */
    public static final int FULL_BATCH = Integer.MAX_VALUE;

    private final Kernels kernels;
    private final Loss loss;
    private final Reduction reduction;
    private final Optimizer optimizer;
    private final FullBatchOptimizer fullBatch;
    private final int batchSize;
    private final int epochs;
    private final long seed;
    private final float l2;
    private final float clipNorm;
    private final float clipValue;
    private final boolean shuffle;
    private final int shards;
    private final ForkJoinPool pool;
    private final int threads;
    private final double smoothing;
    private final double convergenceTolerance;
    private final TrainingListener[] listeners;
    private final LearningRateSchedule schedule;
    private final int warmup;
    /** The optimizer's rate when the trainer was built, which the schedule and warm-up scale. */
    private final float baseRate;
    private final EarlyStopping earlyStopping;
    private volatile boolean cancelled;
    /** Steps {@link #fitSteps} has yet to take, or −1 in a {@link #fit}, which runs whole epochs. */
    private long stepsLeft = -1;
    /** Epochs and optimizer steps completed by all calls to {@link #fit}. */
    private int epochsDone;
    private long stepsDone;
    /**
     * Where the epoch in progress stands, kept between calls so that a fit cancelled mid-epoch (or restored
     * from a checkpoint taken then) goes on bit for bit: its batches done and their summed loss, the smoothed
     * loss Q, and Q at the end of the last epoch, which the convergence test compares with.
     */
    private int batchesDone;
    private double epochLoss;
    private double smoothed = Double.NaN;
    private double previousEpochSmoothed = Double.NaN;

    private Trainer(Builder b) {
        kernels = b.kernels != null ? b.kernels : Kernels.auto();
        loss = b.loss;
        reduction = b.reduction;
        optimizer = b.optimizer;
        fullBatch = b.fullBatch;
        batchSize = b.batchSize;
        epochs = b.epochs;
        seed = b.seed;
        l2 = b.l2;
        clipNorm = b.clipNorm;
        clipValue = b.clipValue;
        shuffle = b.shuffle;
        pool = b.pool;
        threads = b.threads > 0 ? b.threads : pool != null ? pool.getParallelism() : 1;
        shards = b.shards > 0 ? b.shards : threads;
        smoothing = b.smoothing;
        convergenceTolerance = b.convergenceTolerance;
        listeners = b.listeners.toArray(new TrainingListener[0]);
        schedule = b.schedule;
        warmup = b.warmup;
        baseRate = optimizer != null ? optimizer.learningRate() : Float.NaN;
        earlyStopping = b.earlyStopping;
    }

    public static Builder builder(Loss loss, Optimizer optimizer) {
        return new Builder(loss, optimizer, null);
    }

    /** A trainer whose every epoch is one iteration of a full-batch method. */
    public static Builder builder(Loss loss, FullBatchOptimizer fullBatch) {
        return new Builder(loss, null, fullBatch);
    }

    /** A trainer with a fresh optimizer of these settings: a mini-batch one, or a full-batch method (L-BFGS, CG). */
    public static Builder builder(Loss loss, OptimizerSettings optimizer) {
        return optimizer.isFullBatch() ? builder(loss, optimizer.newFullBatch())
                : builder(loss, optimizer.newOptimizer());
    }

    public Kernels kernels() {
        return kernels;
    }

    public Loss loss() {
        return loss;
    }

    /** Epochs completed by every call to {@link #fit} so far. */
    public int epochsDone() {
        return epochsDone;
    }

    /**
     * Where training stands: epochs and steps done, the optimizer's state, and the epoch in progress
     * (batches done in it, their summed loss, the smoothed loss Q and Q at the end of the last epoch), enough
     * to resume exactly. Take it between steps: in a listener, or when no fit is running (e.g. after a
     * cancelled one).
     */
    public record Progress(int epochs, long steps, long optimizerSteps, float[][] optimizerState, int batches,
                           double epochLoss, double smoothedLoss, double previousEpochSmoothedLoss) {
        /** At an epoch boundary, with the smoothed loss unknown (checkpoints before format version 3). */
        public Progress(int epochs, long steps, long optimizerSteps, float[][] optimizerState) {
            this(epochs, steps, optimizerSteps, optimizerState, 0, 0, Double.NaN, Double.NaN);
        }
    }

    /** A copy of where training stands. */
    public Progress progress() {
        if (optimizer == null) {
            return new Progress(epochsDone, stepsDone, 0, new float[0][]);
        }
        float[][] state = optimizer.state();
        float[][] copy = new float[state.length][];
        for (int i = 0; i < state.length; i++) {
            copy[i] = state[i].clone();
        }
        return new Progress(epochsDone, stepsDone, optimizer.steps(), copy, batchesDone, epochLoss, smoothed,
                previousEpochSmoothed);
    }

    /** Resumes from a {@link #progress()} (e.g. a checkpoint's): the next fit continues bit for bit. */
    public void restore(Progress progress) {
        if (progress.epochs() < 0 || progress.steps() < 0 || progress.batches() < 0) {
            throw new IllegalArgumentException("progress cannot be negative: " + progress);
        }
        if (fullBatch != null) {
            throw new IllegalStateException(fullBatch + " keeps its history in memory only: it cannot resume");
        }
        optimizer.restore(progress.optimizerSteps(), progress.optimizerState());
        epochsDone = progress.epochs();
        stepsDone = progress.steps();
        batchesDone = progress.batches();
        epochLoss = progress.epochLoss();
        smoothed = progress.smoothedLoss();
        previousEpochSmoothed = progress.previousEpochSmoothedLoss();
    }

    /** Asks a running {@link #fit} to stop after the current batch; the network stays consistent. */
    public void cancel() {
        cancelled = true;
    }

    /** The loss and accuracy of the network on a data set, with this trainer's loss and kernels. */
    public Evaluation evaluate(Network network, Dataset data) {
        return Evaluation.of(kernels, network, data, loss, reduction);
    }

    /**
     * The loss over the whole data set and its gradient with respect to every parameter, written into
     * {@code gradients} (laid out like the network's parameters): one full batch, split into this trainer's
     * shards, run on its pool and summed in shard order, with its loss, reduction, weight decay and kernels.
     * What full-batch methods (L-BFGS, conjugate gradient) and a data-parallel driver need. Dropout runs
     * with the next step's masks; no step is taken and batch-norm statistics are left as they are.
     *
     * @throws TrainingDivergedException if the loss or the gradient is not finite
     */
    public double lossAndGradient(Network network, Dataset data, float[] gradients) {
        Shapes.check(network, data, "gradient");
        if (gradients.length != network.parameterCount()) {
            throw new IllegalArgumentException("the network has " + network.parameterCount() + " parameters, the "
                    + "gradient array " + gradients.length);
        }
        return onPool(executor -> wholeBatch(network, data, executor).lossAndGradientOfAll(gradients));
    }

    public History fit(Network network, Dataset train) {
        return fit(network, train, null);
    }

    /** Trains on {@code train}, measuring {@code validation} (may be null) after each epoch. */
    public History fit(Network network, Dataset train, Dataset validation) {
        Shapes.check(network, train, "training");
        if (validation != null) {
            Shapes.check(network, validation, "validation");
        }
        if (earlyStopping != null && (validation == null || earlyStopping.monitor() == EarlyStopping.Monitor.ACCURACY
                && !validation.isClassification())) {
            throw new IllegalArgumentException("early stopping watches the validation " + (validation == null
                    ? "set: pass one to fit" : "accuracy, which regression lacks: watch the loss"));
        }
        if (fullBatch != null && (earlyStopping != null || clipNorm > 0 || clipValue > 0)) {
            throw new IllegalArgumentException(fullBatch + " takes whole line-search steps: early stopping and gradient "
                    + "clipping are for mini-batch optimizers");
        }
        cancelled = false;
        int batch = Math.min(batchSize, train.rows());
        int shardCount = Math.min(shards, batch);
        Thread caller = Thread.currentThread();
        return onPool(executor -> fullBatch != null
                ? wholeBatch(network, train, executor).iterations(validation, caller)
                : new Run(network, train, batch, shardCount, executor).epochs(validation, caller));
    }

    /**
     * Takes {@code steps} mini-batch steps from where training stands, mid-epoch included, then stops (as
     * {@link History.StopReason#STEPS}): what a data-parallel worker runs between two synchronisations. The
     * epochs the steps complete are in the history.
     */
    public History fitSteps(Network network, Dataset train, int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("steps must be positive, got " + steps);
        }
        if (fullBatch != null) {
            throw new IllegalStateException(fullBatch + " iterates on the whole data: use fit");
        }
        stepsLeft = steps;
        try {
            return fit(network, train, null);
        } finally {
            stepsLeft = -1;
        }
    }

    /**
     * One shard's part of a data-parallel step (the Spark module's exact strategy): the loss and gradient of
     * every row of {@code rows} as shard {@code shard} of a batch of {@code batchRows} rows in all, with the
     * dropout masks this trainer draws for that shard at step {@code step} (1 for the first). Weight decay is
     * left to {@link #addWeightDecay} on the sum. Shards summed pairwise in the tree {@link #treeSum} describes,
     * then decayed, give the bits of {@link #lossAndGradient} of a trainer without a pool and with as many shards.
     */
    public double shardLossAndGradient(Network network, Dataset rows, int batchRows, long step, int shard,
                                       float[] gradients) {
        Shapes.check(network, rows, "gradient");
        if (gradients.length != network.parameterCount()) {
            throw new IllegalArgumentException("the network has " + network.parameterCount() + " parameters, the "
                    + "gradient array " + gradients.length);
        }
        if (rows.rows() == 0) {
            java.util.Arrays.fill(gradients, 0f);
            return 0;
        }
        Shard workspace = NetworkAccess.get().newShard(network, rows.rows());
        int[] order = new int[rows.rows()];
        java.util.Arrays.setAll(order, i -> i);
        float[] weights = null;
        if (rows.weights() != null) {
            weights = new float[rows.rows()];
            rows.gatherWeights(order, 0, rows.rows(), weights);
        }
        rows.gather(order, 0, rows.rows(), workspace.input(), workspace.target());
        workspace.seedDropout(dropoutSeed(step, shard));
        workspace.forward(kernels, rows.rows(), true);
        double value = workspace.backward(kernels, loss, reduction, batchRows, weights);
        System.arraycopy(workspace.gradients(), 0, gradients, 0, gradients.length);
        return value;
    }

    /** Adds this trainer's weight decay to a summed gradient ({@code l2 · W}) and returns its penalty, {@code l2/2 · ‖W‖²}. */
    public double addWeightDecay(Network network, float[] gradients) {
        return NetworkAccess.get().afterGradients(network, kernels, l2, gradients, 0, gradients.length);
    }

    /**
     * Sums {@code values[0, count)} pairwise in a tree fixed by {@code count}: at each level, node {@code 2k}
     * takes in node {@code 2k + 1} (a last node without a partner goes up alone). Overwrites the values. The
     * order shard gradients and losses are summed in, by the trainer and by a data-parallel driver.
     */
    public static double treeSum(double[] values, int count) {
        for (int stride = 1; stride < count; stride *= 2) {
            for (int s = 0; s + stride < count; s += 2 * stride) {
                values[s] += values[s + stride];
            }
        }
        return count == 0 ? 0 : values[0];
    }

    private long dropoutSeed(long step, int shard) {
        return seed ^ (step * 0x9E3779B97F4A7C15L) + shard;
    }

    /** A run whose one batch is every row of the data, split into this trainer's shards. */
    private Run wholeBatch(Network network, Dataset data, ForkJoinPool executor) {
        return new Run(network, data, data.rows(), Math.min(shards, data.rows()), executor);
    }

    /**
     * Runs {@code work} on one of the pool's threads (a pool of this trainer's own, shut down after, or the
     * application's), or on this thread when there is none. Forking and joining from inside the pool
     * allocates nothing, where handing each phase over from an outside thread would.
     */
    private <T> T onPool(Function<ForkJoinPool, T> work) {
        ForkJoinPool ownPool = threads > 1 && pool == null ? new ForkJoinPool(threads) : null;
        try {
            ForkJoinPool executor = ownPool != null ? ownPool : pool;
            return executor == null ? work.apply(null) : executor.invoke(ForkJoinTask.adapt(() -> work.apply(executor)));
        } finally {
            if (ownPool != null) {
                ownPool.shutdown();
            }
        }
    }

    /**
     * The state of one call to {@link #fit}: workspaces, the reusable tasks of a step, the shuffled order.
     * A step has three phases, each parallel when there is a pool: forward and backward per shard; the
     * shard gradients summed (with weight decay) per parameter range; the optimizer's update per range.
     */
    private final class Run {
        /** Parameter ranges start at multiples of this, so vector loops split cleanly. */
        private static final int RANGE_ALIGNMENT = 64;

        private final Network network;
        private final Dataset data;
        private final int batch;
        private final List<Shard> workspaces = new ArrayList<>();
        private final ShardTask[] shardTasks;
        private final RangeTask[] rangeTasks;
        private final boolean parallel;
        private final int[] order;
        private final double[] shardLosses;
        private int shardCount;
        /** What this step's gradients are multiplied by: min(1, clipNorm / ‖g‖), or 1 without clipping. */
        private float clipScale = 1f;

        Run(Network network, Dataset data, int batch, int maxShards, ForkJoinPool executor) {
            this.network = network;
            this.data = data;
            this.batch = batch;
            this.parallel = executor != null;
            int shardRows = (batch + maxShards - 1) / maxShards;
            shardTasks = new ShardTask[maxShards];
            shardLosses = new double[maxShards];
            for (int s = 0; s < maxShards; s++) {
                Shard w = NetworkAccess.get().newShard(network, shardRows);
                workspaces.add(w);
                shardTasks[s] = new ShardTask(w);
            }
            int ranges = executor == null ? 1 : executor.getParallelism();
            int size = network.parameterCount();
            rangeTasks = new RangeTask[ranges];
            for (int r = 0; r < ranges; r++) {
                rangeTasks[r] = new RangeTask(alignedSplit(size, ranges, r), alignedSplit(size, ranges, r + 1));
            }
            order = new int[data.rows()];
        }

        private static int alignedSplit(int size, int parts, int index) {
            if (index == parts) {
                return size;
            }
            long at = (long) size * index / parts;
            return (int) Math.min(size, at / RANGE_ALIGNMENT * RANGE_ALIGNMENT);
        }

        /**
         * Runs the epochs, the first from where the last fit or a restored progress stopped; {@code caller} is
         * the thread whose interrupt cancels.
         */
        History epochs(Dataset validation, Thread caller) {
            List<EpochResult> results = new ArrayList<>();
            int batches = (data.rows() + batch - 1) / batch;
            if (batchesDone >= batches) {
                throw new IllegalArgumentException("training stopped after batch " + batchesDone + " of an epoch, "
                        + "which has " + batches + " batches here: resume with the data and batch size it had");
            }
            int epochLimit = stepsLeft >= 0 ? Integer.MAX_VALUE : epochs;
            for (int e = 0; e < epochLimit; e++) {
                int epoch = epochsDone + 1;
                long started = System.nanoTime();
                java.util.Arrays.setAll(order, i -> i);
                if (shuffle) {
                    Dataset.shuffle(order, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch));
                }
                double epochFactor = schedule == null ? 1 : schedule.factor(epoch);
                for (int b = batchesDone; b < batches; b++) {
                    if (cancelled || caller.isInterrupted()) {
                        return new History(List.copyOf(results), History.StopReason.CANCELLED);
                    }
                    if (stepsLeft == 0) {
                        return new History(List.copyOf(results), History.StopReason.STEPS);
                    }
                    if (schedule != null || warmup > 0) { // else the rate is never touched: the same bits as always
                        // warm-up: linear over the first epochs' steps, a pure function of epoch and batch like the rest
                        double warm = warmup == 0 ? 1
                                : Math.min(1, ((epoch - 1) * (double) batches + b + 1) / ((double) warmup * batches));
                        optimizer.learningRate((float) (baseRate * epochFactor * warm));
                    }
                    int from = b * batch;
                    int count = Math.min(batch, data.rows() - from);
                    double batchLoss = step(epoch, b + 1, from, count);
                    if (stepsLeft > 0) {
                        stepsLeft--;
                    }
                    epochLoss += reduction == Reduction.MEAN ? batchLoss * count : batchLoss;
                    smoothed = Double.isNaN(smoothed) ? batchLoss : smoothing * batchLoss + (1 - smoothing) * smoothed;
                    batchesDone = b + 1;
                    for (TrainingListener listener : listeners) {
                        listener.onBatch(epoch, b + 1, batches, batchLoss, smoothed);
                    }
                }
                double trainingLoss = reduction == Reduction.MEAN ? epochLoss / data.rows() : epochLoss;
                EpochResult result = result(epoch, trainingLoss, smoothed, validation, started,
                        optimizer.learningRate());
                results.add(result);
                if (schedule != null) {
                    schedule.epochEnded(validation == null ? trainingLoss : result.validationLoss());
                }
                // the epoch is complete before the listeners see it, so that a checkpoint taken there resumes right
                boolean converged = convergenceTolerance > 0 && !Double.isNaN(previousEpochSmoothed)
                        && Math.abs(smoothed - previousEpochSmoothed) <= convergenceTolerance * Math.abs(previousEpochSmoothed);
                epochsDone = epoch;
                batchesDone = 0;
                epochLoss = 0;
                previousEpochSmoothed = smoothed;
                boolean stop = earlyStopping != null && earlyStopping.epochEnded(network, result);
                announce(result, e == epochLimit - 1 || converged || stop);
                if (converged || stop) {
                    return finished(results, converged ? History.StopReason.CONVERGED : History.StopReason.EARLY_STOPPING);
                }
            }
            return finished(results, History.StopReason.COMPLETED);
        }

        /** The history of a fit that ran to its end, with the best epoch's weights back when stopping early. */
        private History finished(List<EpochResult> results, History.StopReason reason) {
            if (earlyStopping != null) {
                earlyStopping.restoreBest();
            }
            return new History(List.copyOf(results), reason);
        }

        /**
         * Runs iterations of the full-batch method, one an epoch, until it converges or the loss changes by at
         * most the convergence tolerance (relative) over one.
         */
        History iterations(Dataset validation, Thread caller) {
            List<EpochResult> results = new ArrayList<>();
            // the method evaluates at the network's own parameter array, which lossAndGradientOfAll reads; a trial
            // point whose loss is not finite is a step too long for the line search, not the end of training
            Objective objective = (parameters, gradients) -> {
                try {
                    return lossAndGradientOfAll(gradients);
                } catch (TrainingDivergedException tooLong) {
                    return Double.POSITIVE_INFINITY;
                }
            };
            for (int e = 0; e < epochs; e++) {
                if (cancelled || caller.isInterrupted()) {
                    return new History(List.copyOf(results), History.StopReason.CANCELLED);
                }
                int epoch = epochsDone + 1;
                long started = System.nanoTime();
                double before = fullBatch.loss();
                double value = fullBatch.iterate(objective, network.parameters());
                if (!Double.isFinite(value)) {
                    throw new TrainingDivergedException(epoch, 1, "the loss became " + value);
                }
                stepsDone++;
                // batch-norm's running statistics follow the full batch at the last point evaluated
                NetworkAccess.get().afterStep(network, workspaces.subList(0, shardCount));
                for (TrainingListener listener : listeners) {
                    listener.onBatch(epoch, 1, 1, value, value);
                }
                EpochResult result = result(epoch, value, value, validation, started, Double.NaN);
                results.add(result);
                epochsDone = epoch;
                boolean converged = fullBatch.converged() || convergenceTolerance > 0
                        && Math.abs(value - before) <= convergenceTolerance * Math.abs(before);
                announce(result, e == epochs - 1 || converged);
                if (converged) {
                    return new History(List.copyOf(results), History.StopReason.CONVERGED);
                }
            }
            return new History(List.copyOf(results), History.StopReason.COMPLETED);
        }

        /** An epoch's result, validation measured now; {@code rate} is the learning rate (NaN for full-batch methods). */
        private EpochResult result(int epoch, double trainingLoss, double smoothedLoss, Dataset validation,
                                   long started, double rate) {
            Evaluation held = validation == null ? null : Evaluation.of(kernels, network, validation, loss, reduction);
            double seconds = (System.nanoTime() - started) / 1e9;
            return new EpochResult(epoch, trainingLoss, smoothedLoss, held == null ? Double.NaN : held.loss(),
                    held == null ? Double.NaN : held.accuracy(), seconds, data.rows(), rate);
        }

        /** Tells the listeners of a completed epoch. */
        private void announce(EpochResult result, boolean lastOfFit) {
            for (TrainingListener listener : listeners) {
                listener.onEpoch(result);
            }
            for (TrainingListener listener : listeners) {
                listener.afterEpoch(Trainer.this, network, result, lastOfFit);
            }
        }

        /** One optimizer step on rows {@code order[from, from + count)}; returns the batch loss. */
        private double step(int epoch, int batchNumber, int from, int count) {
            double batchLoss = lossAndGradient(epoch, batchNumber, from, count);
            if (clipNorm > 0) {
                // one serial pass, not per range: the ranges follow the pool's size, and the norm must not
                float[] g = shardTasks[0].workspace.gradients();
                double norm = Math.sqrt(kernels.dot(g.length, g, 0, g, 0));
                clipScale = norm > clipNorm ? (float) (clipNorm / norm) : 1f;
            }
            optimizer.prepare(network.parameterCount());
            for (RangeTask r : rangeTasks) {
                r.prepare(true);
            }
            runAll(rangeTasks, rangeTasks.length);
            stepsDone++;
            NetworkAccess.get().afterStep(network, shardCount == workspaces.size() ? workspaces
                    : workspaces.subList(0, shardCount));
            return batchLoss;
        }

        /**
         * The loss of rows {@code order[from, from + count)} and its gradient, weight decay included, summed
         * into shard 0's gradients; the dropout masks are those of the next step.
         */
        private double lossAndGradient(int epoch, int batchNumber, int from, int count) {
            long step = stepsDone + 1;
            shardCount = Math.min(shardTasks.length, count);
            for (int s = 0; s < shardCount; s++) {
                int start = from + (int) ((long) count * s / shardCount);
                int end = from + (int) ((long) count * (s + 1) / shardCount);
                shardTasks[s].assign(start, end - start, count, dropoutSeed(step, s));
            }
            runAll(shardTasks, shardCount);
            for (int s = 0; s < shardCount; s++) {
                shardLosses[s] = shardTasks[s].loss;
            }
            double batchLoss = treeSum(shardLosses, shardCount);
            if (!Double.isFinite(batchLoss)) {
                throw new TrainingDivergedException(epoch, batchNumber, "the loss became " + batchLoss);
            }
            for (RangeTask r : rangeTasks) {
                r.prepare(false);
            }
            runAll(rangeTasks, rangeTasks.length);
            double gradientSum = 0;
            for (RangeTask r : rangeTasks) {
                batchLoss += r.penalty;
                gradientSum += r.gradientSum;
            }
            if (!Double.isFinite(gradientSum) || !Double.isFinite(batchLoss)) {
                throw new TrainingDivergedException(epoch, batchNumber, "a gradient became infinite or NaN");
            }
            return batchLoss;
        }

        /** {@link Trainer#lossAndGradient}: every row, in order, as one batch. */
        double lossAndGradientOfAll(float[] gradients) {
            java.util.Arrays.setAll(order, i -> i);
            double value = lossAndGradient(epochsDone + 1, 1, 0, data.rows());
            System.arraycopy(shardTasks[0].workspace.gradients(), 0, gradients, 0, gradients.length);
            return value;
        }

        /** Runs the first n tasks, in parallel when this run is inside a pool, and waits for them all. */
        private void runAll(RecursiveAction[] tasks, int n) {
            if (!parallel) {
                for (int i = 0; i < n; i++) {
                    tasks[i].invoke();
                }
                return;
            }
            for (int i = 1; i < n; i++) {
                tasks[i].fork();
            }
            tasks[0].invoke();
            for (int i = n - 1; i >= 1; i--) {
                awaitWithoutBlocking(tasks[i]);
            }
        }

        /**
         * Joins a forked task: runs it here if no one took it, else spins until its thief finishes. A
         * blocking join would allocate a wait node in the JDK's pool, and the wait is a fraction of a step.
         */
        private static void awaitWithoutBlocking(RecursiveAction task) {
            if (task.tryUnfork()) {
                task.invoke();
                return;
            }
            while (!task.isDone()) {
                Thread.onSpinWait();
            }
            task.join(); // done: returns at once, or rethrows the task's exception
        }

        /** Forward and backward over one shard of a batch. Reused every step: no allocation. */
        private final class ShardTask extends RecursiveAction {
            final Shard workspace;
            private int from;
            private int rows;
            private int batchRows;
            private long dropoutSeed;
            double loss;

            /** The rows' weights, or null when the data has none. */
            private final float[] weights;

            ShardTask(Shard workspace) {
                this.workspace = workspace;
                this.weights = data.weights() == null ? null : new float[workspace.maxRows()];
            }

            void assign(int from, int rows, int batchRows, long dropoutSeed) {
                this.from = from;
                this.rows = rows;
                this.batchRows = batchRows;
                this.dropoutSeed = dropoutSeed;
                reinitialize();
            }

            @Override
            protected void compute() {
                data.gather(order, from, rows, workspace.input(), workspace.target());
                if (weights != null) {
                    data.gatherWeights(order, from, rows, weights);
                }
                workspace.seedDropout(dropoutSeed);
                workspace.forward(kernels, rows, true);
                loss = workspace.backward(kernels, Trainer.this.loss, reduction, batchRows, weights);
            }
        }

        /**
         * One range of the parameters: first sums the shard gradients into shard 0's (in shard order, so
         * the result does not depend on threads) and lets the layers add their terms (weight decay); then,
         * in a second pass, updates.
         */
        private final class RangeTask extends RecursiveAction {
            private final int from;
            private final int to;
            private boolean update;
            double penalty;
            double gradientSum;

            RangeTask(int from, int to) {
                this.from = from;
                this.to = to;
            }

            void prepare(boolean update) {
                this.update = update;
                reinitialize();
            }

            @Override
            protected void compute() {
                int n = to - from;
                if (n <= 0) {
                    return;
                }
                float[] gradients = shardTasks[0].workspace.gradients();
                if (update) {
                    clip(gradients);
                    optimizer.update(kernels, network.parameters(), gradients, from, n);
                    return;
                }
                // pairwise, in a tree fixed by the shard count: a data-parallel driver reduces in the same order
                for (int stride = 1; stride < shardCount; stride *= 2) {
                    for (int s = 0; s + stride < shardCount; s += 2 * stride) {
                        kernels.axpy(n, 1f, shardTasks[s + stride].workspace.gradients(), from,
                                shardTasks[s].workspace.gradients(), from);
                    }
                }
                penalty = NetworkAccess.get().afterGradients(network, kernels, l2, gradients, from, to);
                gradientSum = kernels.sum(n, gradients, from);
            }

            /** Scales this range's gradients to the clipped norm, then clamps each to ±clipValue. */
            private void clip(float[] g) {
                if (clipScale < 1f) {
                    for (int i = from; i < to; i++) {
                        g[i] *= clipScale;
                    }
                }
                if (clipValue > 0) {
                    for (int i = from; i < to; i++) {
                        g[i] = Math.max(-clipValue, Math.min(clipValue, g[i]));
                    }
                }
            }
        }
    }

    /** Configures a {@link Trainer}; every setter checks its value. */
    public static final class Builder {
        private final Loss loss;
        private final Optimizer optimizer;
        private final FullBatchOptimizer fullBatch;
        private Kernels kernels;
        private Reduction reduction = Reduction.MEAN;
        private int batchSize = 32;
        private int epochs = 10;
        private long seed = 0;
        private float l2 = 0f;
        private float clipNorm = 0f;
        private float clipValue = 0f;
        private boolean shuffle = true;
        private int shards = 0;
        private int threads = 0;
        private ForkJoinPool pool;
        private double smoothing = 0.01;
        private double convergenceTolerance = 0;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private LearningRateSchedule schedule;
        private int warmup;
        private EarlyStopping earlyStopping;

        private Builder(Loss loss, Optimizer optimizer, FullBatchOptimizer fullBatch) {
            if (loss == null || optimizer == null && fullBatch == null) {
                throw new IllegalArgumentException("a trainer needs a loss and an optimizer");
            }
            this.loss = loss;
            this.optimizer = optimizer;
            this.fullBatch = fullBatch;
        }

        /** The kernels to compute with; default {@link Kernels#auto()}. */
        public Builder kernels(Kernels kernels) {
            this.kernels = kernels;
            return this;
        }

        public Builder reduction(Reduction reduction) {
            this.reduction = reduction;
            return this;
        }

        /** Rows per optimizer step: 1 for SGD, {@link #FULL_BATCH} for gradient descent. Default 32. */
        public Builder batchSize(int batchSize) {
            this.batchSize = positive("batch size", batchSize);
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = positive("epoch count", epochs);
            return this;
        }

        /** The seed of the shuffling and of dropout masks. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** L2 weight decay: adds {@code l2/2 · ‖W‖²} (weights, not biases) to the loss. */
        public Builder l2(float l2) {
            this.l2 = nonNegative("l2", l2);
            return this;
        }

        /**
         * Scales each step's gradient (weight decay included) down to this global L2 norm when it is longer,
         * before the optimizer sees it. Default 0: never.
         */
        public Builder clipNorm(float maxNorm) {
            this.clipNorm = nonNegative("clip norm", maxNorm);
            return this;
        }

        /** Clamps each gradient element to [−V, V] before the update (after {@link #clipNorm}). Default 0: never. */
        public Builder clipValue(float maxValue) {
            this.clipValue = nonNegative("clip value", maxValue);
            return this;
        }

        /** Whether to visit rows in a new random order every epoch. Default true. */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Shards per batch (the unit of parallel work); default: the number of threads. */
        public Builder shards(int shards) {
            this.shards = positive("shard count", shards);
            return this;
        }

        /** Threads of a pool the trainer creates for each fit and shuts down after it. Default 1. */
        public Builder threads(int threads) {
            this.threads = positive("thread count", threads);
            return this;
        }

        /** A pool the application owns: the trainer uses it and never shuts it down. */
        public Builder pool(ForkJoinPool pool) {
            this.pool = pool;
            return this;
        }

        /** λ of the smoothed loss {@code Q := λ·L + (1 − λ)·Q}, in (0, 1]. Default 0.01. */
        public Builder smoothing(double lambda) {
            if (!(lambda > 0 && lambda <= 1)) {
                throw new IllegalArgumentException("smoothing λ must be in (0, 1], got " + lambda);
            }
            this.smoothing = lambda;
            return this;
        }

        /** Stop when the smoothed loss changes by at most this fraction over an epoch. Default 0: never. */
        public Builder convergence(double relativeTolerance) {
            if (!(relativeTolerance >= 0)) {
                throw new IllegalArgumentException("convergence tolerance must be ≥ 0, got " + relativeTolerance);
            }
            this.convergenceTolerance = relativeTolerance;
            return this;
        }

        /** How the optimizer's rate changes per epoch; default none (the rate stays as it is). */
        public Builder schedule(LearningRateSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Raises the rate linearly, step by step, from about 0 to the scheduled rate over the first epochs. Default 0. */
        public Builder warmup(int epochs) {
            if (epochs < 0) {
                throw new IllegalArgumentException("warm-up epochs cannot be negative, got " + epochs);
            }
            this.warmup = epochs;
            return this;
        }

        /** Stops when the validation figures stop improving and keeps the best epoch's weights; default none. */
        public Builder earlyStopping(EarlyStopping earlyStopping) {
            this.earlyStopping = earlyStopping;
            return this;
        }

        public Builder listener(TrainingListener listener) {
            listeners.add(listener);
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }

        private static float nonNegative(String what, float value) {
            if (!(value >= 0f) || Float.isInfinite(value)) {
                throw new IllegalArgumentException(what + " must be zero or positive and finite, got " + value);
            }
            return value;
        }

        private static int positive(String what, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
            return value;
        }
    }
}
