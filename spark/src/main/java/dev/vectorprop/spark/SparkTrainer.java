package dev.vectorprop.spark;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.io.ModelFile;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.BatchNorm;
import dev.vectorprop.nn.Layer;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Reduction;
import dev.vectorprop.optim.FullBatchOptimizer;
import dev.vectorprop.optim.Objective;
import dev.vectorprop.optim.Optimizer;
import dev.vectorprop.optim.OptimizerSettings;
import dev.vectorprop.train.EpochResult;
import dev.vectorprop.train.Evaluation;
import dev.vectorprop.train.History;
import dev.vectorprop.train.Trainer;
import dev.vectorprop.train.TrainingDivergedException;
import dev.vectorprop.train.TrainingListener;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Trains a network on cached partitions of rows ({@link Block}s) with the local engine inside every task and
 * Spark for the rest: scheduling, retries and the reduction, which a {@link FixedTree} keeps in partition order.
 * Every round is a pure function of what the driver broadcasts, the partition's rows, the round and the seed,
 * so a task Spark retries computes the same bits.
 *
 * <ul>
 *   <li>{@link Strategy#GRADIENT}: each step, every partition computes the loss and gradient of its share of
 *   the global batch as one shard; the driver sums them and takes the optimizer step. On the whole data (GD,
 *   L-BFGS, CG) P partitions give the bits of the single-JVM trainer with P shards.</li>
 *   <li>{@link Strategy#AVERAGE}: every partition takes {@code syncEvery} mini-batch steps on its own rows with a
 *   local trainer, then the driver averages parameters, optimizer state and batch-norm statistics.</li>
 * </ul>
 */
final class SparkTrainer {
    /** L-BFGS, CG and GD: every step is on the whole data's gradient, whatever the batch. */
    private static boolean stepsOnWholeData(OptimizerSettings optimizer) {
        return optimizer.isFullBatch() || optimizer.kind() == OptimizerSettings.Kind.GD;
    }

    public enum Strategy {
        GRADIENT, AVERAGE;

        /** By name: gradient, average, or auto (gradient for GD, L-BFGS and CG, which need the whole data's). */
        static Strategy of(String name, OptimizerSettings optimizer) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "gradient" -> GRADIENT;
                case "average" -> AVERAGE;
                case "auto" -> stepsOnWholeData(optimizer) ? GRADIENT : AVERAGE;
                default -> throw new IllegalArgumentException("no strategy called '" + name + "': auto, gradient or "
                        + "average");
            };
        }
    }

    /**
     * What a training run is: every executor builds its trainer from this.
     *
     * @param batch          rows per step (GRADIENT: of the global batch; AVERAGE: of each partition's local steps)
     * @param threadsPerTask the local trainer's threads and shards in each AVERAGE task
     * @param syncEvery      AVERAGE: local steps between two averagings
     */
    public record Settings(Loss loss, Reduction reduction, float l2, OptimizerSettings optimizer, int batch,
                           int epochs, long seed, int threadsPerTask, Strategy strategy, int syncEvery)
            implements Serializable {
        public Settings {
            if (batch <= 0 || epochs <= 0 || threadsPerTask <= 0 || syncEvery <= 0) {
                throw new IllegalArgumentException("batch, epochs, threads per task and sync period must be positive: "
                        + batch + ", " + epochs + ", " + threadsPerTask + ", " + syncEvery);
            }
            if (stepsOnWholeData(optimizer) && strategy == Strategy.AVERAGE) {
                throw new IllegalArgumentException(optimizer.kind().name().toLowerCase(java.util.Locale.ROOT) + " iterates"
                        + " on the whole data's gradient: use the gradient strategy");
            }
        }

        /** Whether every step is on the whole data: L-BFGS, CG, GD, or a batch as large as the data. */
        boolean wholeData(long rows) {
            return stepsOnWholeData(optimizer) || batch >= rows;
        }

        /** A trainer of these settings, with {@code seed} and {@code threads} (the driver's and a task's). */
        Trainer trainer(long seed, int threads, TrainingListener... listeners) {
            Trainer.Builder b = Trainer.builder(loss, optimizer);
            b.kernels(Kernels.auto()).reduction(reduction).l2(l2).batchSize(batch).seed(seed).threads(threads)
                    .shards(threads);
            for (TrainingListener listener : listeners) {
                b.listener(listener);
            }
            return b.build();
        }
    }

    /** Called at the start of every task with the round: lets a test fail a chosen task's first attempt. */
    static volatile RoundProbe probe;

    interface RoundProbe extends Serializable {
        void taskStarted(long round, int partition);
    }

    private final Settings settings;
    private final List<Consumer<EpochResult>> epochListeners = new ArrayList<>();
    private int depth = 2;
    private Dataset validation;
    private BooleanSupplier stop = () -> false;

    public SparkTrainer(Settings settings) {
        this.settings = settings;
    }

    /** Told of every finished epoch, on the driver. */
    public SparkTrainer onEpoch(Consumer<EpochResult> listener) {
        epochListeners.add(listener);
        return this;
    }

    /** Rows measured on the driver after each epoch (scaled as the training rows are); null for none. */
    public SparkTrainer validation(Dataset rows) {
        this.validation = rows;
        return this;
    }

    /** Asked before every round: when it says so, the run ends there, cancelled (the network as it stands). */
    public SparkTrainer stopWhen(BooleanSupplier stop) {
        this.stop = stop;
        return this;
    }

    /** The depth of {@code treeAggregate}'s tree; default 2. */
    public SparkTrainer depth(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("tree depth must be ≥ 1, got " + depth);
        }
        this.depth = depth;
        return this;
    }

    /**
     * A local data set as {@code partitions} cached blocks, partition p holding rows {@code [n·p/P, n·(p+1)/P)}:
     * the split the single-JVM trainer gives P shards of a whole batch. The rows go out once, as a broadcast: a
     * parallelized collection would travel inside every task of every round.
     */
    public static JavaRDD<Block> blocks(JavaSparkContext sc, Dataset data, int partitions) {
        Broadcast<Block> all = sc.broadcast(Block.of(data, 0, data.rows()));
        int rows = data.rows();
        List<Integer> indices = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            indices.add(p);
        }
        JavaRDD<Block> blocks = sc.parallelize(indices, partitions).map(p -> all.value().slice(
                (int) ((long) rows * p / partitions), (int) ((long) rows * (p + 1) / partitions)))
                .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        blocks.count();
        all.unpersist(); // the executors' copies: the driver keeps its own, to send again should a block be lost
        return blocks;
    }

    /** Trains {@code network} in place on the (scaled, cached) blocks; returns each epoch's figures. */
    public History fit(Network network, JavaRDD<Block> blocks) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(blocks.context());
        List<Integer> sizes = blocks.map(b -> b.rows).collect();
        long rows = sizes.stream().mapToLong(Integer::longValue).sum();
        if (rows == 0) {
            throw new IllegalArgumentException("no rows to train on");
        }
        Broadcast<Shipment> shipment = sc.broadcast(Shipment.of(network));
        try {
            if (settings.strategy() == Strategy.AVERAGE) {
                return new Averaging(sc, network, blocks, sizes, rows, shipment).run();
            }
            if (hasBatchNorm(network)) {
                throw new IllegalArgumentException("batch norm's statistics are per shard: train it with the average "
                        + "strategy, not gradient");
            }
            return new Stepping(sc, network, blocks, sizes, rows, shipment).run();
        } finally {
            shipment.destroy();
        }
    }

    private static boolean hasBatchNorm(Network network) {
        return network.layers().stream().anyMatch(l -> l instanceof BatchNorm);
    }

    /** The network's structure, sent once; each task copies it and sets the round's parameters. */
    static final class Shipment implements Serializable {
        private static final long serialVersionUID = 1L;
        private final byte[] model;
        /** Read once per executor (the broadcast value is shared by its tasks), copied by each task. */
        private transient Network template;

        private Shipment(byte[] model) {
            this.model = model;
        }

        static Shipment of(Network network) {
            try {
                return new Shipment(ModelFile.bytes(Model.of(network)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private synchronized Network template() {
            if (template == null) {
                try {
                    template = ModelFile.read("the shipped network", model).network();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return template;
        }

        /** A new network with these parameters and batch-norm statistics (each {@link #statistics} array in turn). */
        Network network(float[] parameters, float[][] statistics) {
            Network network = template().copy();
            System.arraycopy(parameters, 0, network.parameters(), 0, parameters.length);
            List<float[]> mine = statistics(network);
            for (int i = 0; i < mine.size(); i++) {
                System.arraycopy(statistics[i], 0, mine.get(i), 0, mine.get(i).length);
            }
            return network;
        }
    }

    /** Every batch-norm layer's running mean and variance, in layer order: the arrays averaging also averages. */
    static List<float[]> statistics(Network network) {
        List<float[]> arrays = new ArrayList<>();
        for (Layer layer : network.layers()) {
            if (layer instanceof BatchNorm norm) {
                arrays.add(norm.runningMean());
                arrays.add(norm.runningVariance());
            }
        }
        return arrays;
    }

    private static void started(long round, int partition) {
        RoundProbe p = probe;
        if (p != null) {
            p.taskStarted(round, partition);
        }
    }

    /** Epoch {@code epoch}'s figures, with the validation rows measured now at the network's parameters. */
    private EpochResult result(Network network, int epoch, double loss, long started, long rows, double rate) {
        double seconds = (System.nanoTime() - started) / 1e9;
        Evaluation held = validation == null ? null : Evaluation.of(Kernels.auto(), network, validation, settings.loss(),
                settings.reduction());
        return new EpochResult(epoch, loss, loss, held == null ? Double.NaN : held.loss(),
                held == null ? Double.NaN : held.accuracy(), seconds, (int) Math.min(Integer.MAX_VALUE, rows), rate);
    }

    private void announce(EpochResult result, List<EpochResult> results) {
        results.add(result);
        for (Consumer<EpochResult> listener : epochListeners) {
            listener.accept(result);
        }
    }

    /** A partition's loss and gradient, summed in the tree; null when the partition had no rows. */
    record Gradient(double loss, float[] gradients) implements FixedTree.Value<Gradient> {
        @Override
        public Gradient plus(Gradient right) {
            float[] g = gradients;
            for (int i = 0; i < g.length; i++) {
                g[i] += right.gradients[i];
            }
            return new Gradient(loss + right.loss, g);
        }
    }

    /** A training run over the cached blocks: its Spark jobs, one a round. */
    private abstract class Rounds {
        final JavaSparkContext sc;
        final Network network;
        final JavaRDD<Block> blocks;
        final List<Integer> sizes;
        /** Every partition's rows. */
        final long rows;
        final Broadcast<Shipment> shipment;

        Rounds(JavaSparkContext sc, Network network, JavaRDD<Block> blocks, List<Integer> sizes, long rows,
               Broadcast<Shipment> shipment) {
            this.sc = sc;
            this.network = network;
            this.blocks = blocks;
            this.sizes = sizes;
            this.rows = rows;
            this.shipment = shipment;
        }

        /**
         * One job: every partition's rows (those with any) through {@code task}, summed in the fixed tree; null if
         * all were empty. {@code task} is a pure function of the rows and what it captured.
         */
        <T extends FixedTree.Value<T>> T round(long round, FixedTree.Leaf<T> task) {
            int[] expected = sizes.stream().mapToInt(Integer::intValue).toArray();
            return FixedTree.sum(blocks, depth, (block, p) -> {
                started(round, p);
                if ((block == null ? 0 : block.rows) != expected[p]) {
                    throw new IllegalStateException("partition " + p + " came back with " + (block == null ? 0
                            : block.rows) + " rows instead of " + expected[p] + ": Spark recomputed it from input that "
                            + "changes between reads (e.g. an unsorted repartition or a random split); cache or "
                            + "checkpoint the input first");
                }
                return block == null || block.rows == 0 ? null : task.of(block, p);
            });
        }
    }

    /** The gradient strategy: one Spark job per step (per evaluation for L-BFGS and CG). */
    private final class Stepping extends Rounds {
        private final Trainer driver;
        private long step;

        Stepping(JavaSparkContext sc, Network network, JavaRDD<Block> blocks, List<Integer> sizes, long rows,
                 Broadcast<Shipment> shipment) {
            super(sc, network, blocks, sizes, rows, shipment);
            this.driver = settings.trainer(settings.seed(), 1);
        }

        History run() {
            List<EpochResult> results = new ArrayList<>();
            if (settings.optimizer().isFullBatch()) {
                FullBatchOptimizer method = settings.optimizer().newFullBatch();
                // the method evaluates at the network's own parameter array, which each job broadcasts
                Objective objective = (parameters, gradients) -> {
                    try {
                        return lossAndGradient((int) step, -1, 1, rows, gradients);
                    } catch (TrainingDivergedException tooLong) {
                        return Double.POSITIVE_INFINITY; // a step too long for the line search, as in the trainer
                    }
                };
                for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                    if (stop.getAsBoolean()) {
                        return new History(List.copyOf(results), History.StopReason.CANCELLED);
                    }
                    long started = System.nanoTime();
                    step = epoch;
                    double value = method.iterate(objective, network.parameters());
                    if (!Double.isFinite(value)) {
                        throw new TrainingDivergedException(epoch, 1, "the loss became " + value);
                    }
                    announce(result(network, epoch, value, started, rows, Double.NaN), results);
                    if (method.converged()) {
                        return new History(List.copyOf(results), History.StopReason.CONVERGED);
                    }
                }
                return new History(List.copyOf(results), History.StopReason.COMPLETED);
            }
            Optimizer optimizer = settings.optimizer().newOptimizer();
            int batches = settings.wholeData(rows) ? 1 : (int) ((rows + settings.batch() - 1) / settings.batch());
            float[] gradients = new float[network.parameterCount()];
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                long started = System.nanoTime();
                double epochLoss = 0;
                for (int b = 0; b < batches; b++) {
                    if (stop.getAsBoolean()) {
                        return new History(List.copyOf(results), History.StopReason.CANCELLED);
                    }
                    long inBatch = batches == 1 ? rows : batchRows(b, batches);
                    if (inBatch == 0) {
                        continue; // every partition's slice is empty: fewer rows than partitions
                    }
                    step++;
                    double loss = lossAndGradient(epoch, batches == 1 ? -1 : b, batches, inBatch, gradients);
                    epochLoss += settings.reduction() == Reduction.MEAN ? loss * inBatch : loss;
                    optimizer.prepare(gradients.length);
                    optimizer.update(driver.kernels(), network.parameters(), gradients, 0, gradients.length);
                }
                double trainingLoss = settings.reduction() == Reduction.MEAN ? epochLoss / rows : epochLoss;
                announce(result(network, epoch, trainingLoss, started, rows, optimizer.learningRate()), results);
            }
            return new History(List.copyOf(results), History.StopReason.COMPLETED);
        }

        /** Rows of batch {@code b} of {@code batches} over all partitions: each gives its even share. */
        private long batchRows(int b, int batches) {
            long total = 0;
            for (int n : sizes) {
                int[] range = slice(n, b, batches);
                total += range[1] - range[0];
            }
            return total;
        }

        /**
         * One job: the loss and summed gradient of batch {@code b} of the epoch's {@code batches} (every row when b
         * is −1), {@code batchRows} rows in all, at the network's parameters, weight decay included, into
         * {@code gradients}.
         */
        private double lossAndGradient(int epoch, int b, int batches, long batchRows, float[] gradients) {
            Broadcast<float[]> parameters = sc.broadcast(network.parameters().clone());
            Settings s = settings;
            Broadcast<Shipment> net = shipment;
            long round = step;
            try {
                Gradient sum = round(round, (block, p) -> shard(s, net.value(), parameters.value(), block, p, epoch, b,
                        batches, batchRows, round));
                System.arraycopy(sum.gradients(), 0, gradients, 0, gradients.length);
                double loss = sum.loss();
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException(Math.max(epoch, 1), b + 1, "the loss became " + loss);
                }
                loss += driver.addWeightDecay(network, gradients);
                double gradientSum = 0;
                for (float g : gradients) {
                    gradientSum += g;
                }
                if (!Double.isFinite(gradientSum) || !Double.isFinite(loss)) {
                    throw new TrainingDivergedException(Math.max(epoch, 1), b + 1, "a gradient became infinite or NaN");
                }
                return loss;
            } finally {
                parameters.destroy();
            }
        }

    }

    /**
     * A task of the gradient strategy: partition {@code p}'s rows of the batch as shard {@code p}. In epoch e the
     * partition's rows go in an order drawn from (seed, e, p), and batch b takes its b-th even slice of them.
     */
    private static Gradient shard(Settings s, Shipment shipment, float[] parameters, Block block, int p, int epoch,
                                  int b, int batches, long batchRows, long step) {
        Network network = shipment.network(parameters, new float[0][]);
        Dataset rows = block.dataset();
        if (b >= 0) {
            int[] order = block.order(mix(s.seed(), epoch, p));
            int[] range = slice(block.rows, b, batches);
            if (range[0] == range[1]) {
                return null;
            }
            rows = rows.select(java.util.Arrays.copyOfRange(order, range[0], range[1]));
        }
        float[] gradients = new float[network.parameterCount()];
        double loss = s.trainer(s.seed(), 1).shardLossAndGradient(network, rows, (int) batchRows, step, p, gradients);
        return new Gradient(loss, gradients);
    }

    /** The local trainer's batches in an epoch of {@code rows} rows (0 for none): the last one may be short. */
    private static int batchesPerEpoch(int rows, int batch) {
        int size = Math.min(batch, Math.max(rows, 1));
        return (rows + size - 1) / size;
    }

    /** Rows {@code [from, to)} of batch {@code b} of {@code batches} in a partition of {@code n} rows. */
    private static int[] slice(int n, int b, int batches) {
        return new int[] {(int) ((long) n * b / batches), (int) ((long) n * (b + 1) / batches)};
    }

    static long mix(long seed, long a, long b) {
        long h = seed * 0x9E3779B97F4A7C15L + a;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + b;
        return h ^ (h >>> 29);
    }

    /** Averaged parameters, batch-norm statistics and optimizer state, as sums and the partitions summed. */
    record Average(float[][] arrays, double loss, long rows, int members) implements FixedTree.Value<Average> {
        @Override
        public Average plus(Average right) {
            if (arrays.length != right.arrays.length) { // a diverged partition sends no arrays
                return new Average(new float[0][], Double.NaN, rows + right.rows, members + right.members);
            }
            for (int a = 0; a < arrays.length; a++) {
                float[] x = arrays[a];
                for (int i = 0; i < x.length; i++) {
                    x[i] += right.arrays[a][i];
                }
            }
            return new Average(arrays, loss + right.loss, rows + right.rows, members + right.members);
        }
    }

    /** The average strategy: one Spark job every {@code syncEvery} local steps. */
    private final class Averaging extends Rounds {
        Averaging(JavaSparkContext sc, Network network, JavaRDD<Block> blocks, List<Integer> sizes, long rows,
                  Broadcast<Shipment> shipment) {
            super(sc, network, blocks, sizes, rows, shipment);
        }

        History run() {
            int longest = 0;
            for (int n : sizes) {
                longest = Math.max(longest, batchesPerEpoch(n, settings.batch()));
            }
            int rounds = (longest + settings.syncEvery() - 1) / settings.syncEvery();
            List<EpochResult> results = new ArrayList<>();
            float[][] state = new float[0][];
            long round = 0;
            long done = 0;
            for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
                long started = System.nanoTime();
                double loss = 0;
                long seen = 0;
                // an epoch is as many local steps as the largest partition has batches: its last round is shorter
                for (int r = 0; r < rounds; r++, round++) {
                    if (stop.getAsBoolean()) {
                        return new History(List.copyOf(results), History.StopReason.CANCELLED);
                    }
                    int steps = Math.min(settings.syncEvery(), longest - r * settings.syncEvery());
                    Average sum = averagingRound(round, done, steps, state);
                    if (!Double.isFinite(sum.loss())) {
                        throw new TrainingDivergedException(epoch, r + 1, "the loss became " + sum.loss());
                    }
                    done += steps;
                    int members = sum.members();
                    int at = 0;
                    at = average(sum.arrays(), at, members, List.of(network.parameters()));
                    at = average(sum.arrays(), at, members, statistics(network));
                    state = java.util.Arrays.copyOfRange(sum.arrays(), at, sum.arrays().length);
                    average(state, 0, members, List.of(state));
                    loss += sum.loss();
                    seen += sum.rows();
                }
                double mean = settings.reduction() == Reduction.MEAN ? loss / seen : loss;
                announce(result(network, epoch, mean, started, rows, settings.optimizer().learningRate()), results);
            }
            return new History(List.copyOf(results), History.StopReason.COMPLETED);
        }

        /** Divides the summed arrays from {@code at} on by the members, into {@code targets}; returns the next index. */
        private static int average(float[][] sums, int at, int members, List<float[]> targets) {
            for (float[] target : targets) {
                float[] sum = sums[at++];
                for (int i = 0; i < target.length; i++) {
                    target[i] = sum[i] / members;
                }
            }
            return at;
        }

        private Average averagingRound(long round, long done, int steps, float[][] state) {
            Broadcast<float[]> parameters = sc.broadcast(network.parameters().clone());
            Broadcast<float[][]> stats = sc.broadcast(statistics(network).stream().map(float[]::clone)
                    .toArray(float[][]::new));
            Broadcast<float[][]> optimizerState = sc.broadcast(state);
            Settings s = settings;
            Broadcast<Shipment> net = shipment;
            try {
                Average sum = round(round, (block, p) -> localSteps(s, net.value(), parameters.value(), stats.value(),
                        optimizerState.value(), block, p, done, steps));
                if (sum == null) {
                    throw new IllegalArgumentException("no rows to train on");
                }
                return sum;
            } finally {
                parameters.destroy();
                stats.destroy();
                optimizerState.destroy();
            }
        }
    }

    /**
     * A task of the average strategy: {@code steps} steps of a local trainer on the partition's rows, from the
     * broadcast parameters, statistics and optimizer state, restored at step {@code done} (so its epoch order and
     * dropout masks are those of an uninterrupted local run).
     */
    private static Average localSteps(Settings s, Shipment shipment, float[] parameters, float[][] statistics,
                                      float[][] state, Block block, int p, long done, int steps) {
        Network network = shipment.network(parameters, statistics);
        double[] loss = {0};
        long[] rows = {0};
        int size = Math.min(s.batch(), block.rows);
        TrainingListener counter = new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, int batchesInEpoch, double batchLoss, double smoothedLoss) {
                // as the trainer's epoch loss: batches weighed by their rows under the mean (the last may be short)
                int count = batch < batchesInEpoch ? size : block.rows - (batchesInEpoch - 1) * size;
                loss[0] += s.reduction() == Reduction.MEAN ? batchLoss * count : batchLoss;
                rows[0] += count;
            }
        };
        Trainer trainer = s.trainer(mix(s.seed(), 0, p), s.threadsPerTask(), counter);
        int perEpoch = batchesPerEpoch(block.rows, s.batch());
        if (done > 0) {
            trainer.restore(new Trainer.Progress((int) (done / perEpoch), done, done, state, (int) (done % perEpoch),
                    0, Double.NaN, Double.NaN));
        }
        try {
            trainer.fitSteps(network, block.dataset(), steps);
        } catch (TrainingDivergedException diverged) {
            // not an error to retry: the driver stops the run, as the single-JVM trainer does
            return new Average(new float[0][], Double.NaN, 0, 1);
        }
        List<float[]> arrays = new ArrayList<>();
        arrays.add(network.parameters());
        arrays.addAll(statistics(network));
        Collections.addAll(arrays, trainer.progress().optimizerState());
        return new Average(arrays.toArray(float[][]::new), loss[0], rows[0], 1);
    }
}
