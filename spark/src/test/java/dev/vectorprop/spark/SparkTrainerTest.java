package dev.vectorprop.spark;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Reduction;
import dev.vectorprop.optim.OptimizerSettings;
import dev.vectorprop.train.History;
import dev.vectorprop.train.Trainer;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkTrainerTest {
    /** Three noisy Gaussian blobs in 5 dimensions. */
    static Dataset blobs(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * 5];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(3);
            for (int j = 0; j < 5; j++) {
                x[i * 5 + j] = (float) (random.nextGaussian() + (j % 3 == labels[i] ? 2 : 0));
            }
        }
        return Dataset.classification(x, 5, labels, 3);
    }

    static Network network(boolean dropout) {
        Network.Builder b = Network.builder(5).seed(7).dense(16, Activation.TANH);
        if (dropout) {
            b.dropout(0.2f);
        }
        return b.dense(3, Activation.SOFTMAX).build();
    }

    static SparkTrainer.Settings settings(OptimizerSettings.Kind kind, int batch, SparkTrainer.Strategy strategy) {
        return new SparkTrainer.Settings(Loss.CROSS_ENTROPY, Reduction.MEAN, 1e-3f,
                OptimizerSettings.of(kind).withLearningRate(kind == OptimizerSettings.Kind.GD ? 0.5f : 0.01f), batch, 4, 11,
                1, strategy, 3);
    }

    @AfterEach
    void noProbe() {
        SparkTrainer.probe = null;
    }

    @Test
    void lbfgsOnThreePartitionsGivesTheBitsOfThreeShards() {
        assertSameBitsAsShards(OptimizerSettings.Kind.LBFGS, 3, false);
    }

    @Test
    void conjugateGradientOnTwoPartitionsGivesTheBitsOfTwoShards() {
        assertSameBitsAsShards(OptimizerSettings.Kind.CG, 2, false);
    }

    @Test
    void gradientDescentWithDropoutOnFivePartitionsGivesTheBitsOfFiveShards() {
        assertSameBitsAsShards(OptimizerSettings.Kind.GD, 5, true);
    }

    private static void assertSameBitsAsShards(OptimizerSettings.Kind kind, int partitions, boolean dropout) {
        Dataset data = blobs(203, 1);
        SparkTrainer.Settings s = settings(kind, Trainer.FULL_BATCH, SparkTrainer.Strategy.GRADIENT);
        Network local = network(dropout);
        Trainer.Builder b = Trainer.builder(s.loss(), s.optimizer());
        History expected = b.reduction(s.reduction()).l2(s.l2()).batchSize(Trainer.FULL_BATCH).epochs(s.epochs())
                .seed(s.seed()).shards(partitions).threads(1).shuffle(false).build().fit(local, data);

        Network distributed = network(dropout);
        History history = new SparkTrainer(s).fit(distributed, SparkTrainer.blocks(Spark.CONTEXT, data, partitions));

        assertArrayEquals(local.parameters(), distributed.parameters(), kind + ": parameters");
        assertEquals(expected.last().trainingLoss(), history.last().trainingLoss(), 0.0, kind + ": loss");
        assertFalse(java.util.Arrays.equals(network(dropout).parameters(), distributed.parameters()), "it trained");
    }

    @Test
    void aTaskRetriedAfterAFailureGivesTheSameBits() {
        for (SparkTrainer.Strategy strategy : SparkTrainer.Strategy.values()) {
            Dataset data = blobs(150, 2);
            SparkTrainer.Settings s = settings(OptimizerSettings.Kind.ADAM, 16, strategy);
            Network undisturbed = network(true);
            new SparkTrainer(s).fit(undisturbed, SparkTrainer.blocks(Spark.CONTEXT, data, 3));

            AtomicInteger failures = new AtomicInteger();
            SparkTrainer.probe = (round, partition) -> {
                if (round == 2 && partition == 1 && TaskContext.get().attemptNumber() == 0) {
                    failures.incrementAndGet();
                    throw new IllegalStateException("injected failure of the first attempt");
                }
            };
            Network retried = network(true);
            new SparkTrainer(s).fit(retried, SparkTrainer.blocks(Spark.CONTEXT, data, 3));
            assertEquals(1, failures.get(), strategy + ": one task failed once");
            assertArrayEquals(undisturbed.parameters(), retried.parameters(), strategy + ": same bits after the retry");
        }
    }

    @Test
    void emptyPartitionsAndMorePartitionsThanRowsTrain() {
        Dataset data = blobs(5, 3);
        for (SparkTrainer.Strategy strategy : SparkTrainer.Strategy.values()) {
            Network network = network(false);
            History history = new SparkTrainer(settings(OptimizerSettings.Kind.ADAM, 2, strategy))
                    .fit(network, SparkTrainer.blocks(Spark.CONTEXT, data, 8));
            assertEquals(4, history.epochs().size(), strategy.toString());
            assertTrue(Double.isFinite(history.last().trainingLoss()), strategy + ": " + history.last());
            assertFalse(java.util.Arrays.equals(network(false).parameters(), network.parameters()), strategy + ": trained");
        }
    }

    @Test
    void onePartitionAveragedEveryThreeStepsIsTheLocalTrainerBitForBit() {
        Dataset data = blobs(95, 6); // 10 batches of 10 (the last of 5): rounds of 3, 3, 3 and 1 steps an epoch
        SparkTrainer.Settings s = new SparkTrainer.Settings(Loss.CROSS_ENTROPY, Reduction.MEAN, 0,
                OptimizerSettings.of(OptimizerSettings.Kind.ADAM).withLearningRate(0.01f), 10, 3, 8, 1,
                SparkTrainer.Strategy.AVERAGE, 3);
        Network local = network(true);
        Trainer trainer = Trainer.builder(s.loss(), s.optimizer().newOptimizer()).batchSize(10).epochs(3)
                .seed(SparkTrainer.mix(8, 0, 0)).threads(1).shards(1).build();
        History expected = trainer.fit(local, data);
        Network distributed = network(true);
        History history = new SparkTrainer(s).fit(distributed, SparkTrainer.blocks(Spark.CONTEXT, data, 1));
        assertArrayEquals(local.parameters(), distributed.parameters(), "an epoch is one pass, resumed across rounds");
        assertEquals(expected.last().trainingLoss(), history.last().trainingLoss(), 1e-12);
    }

    @Test
    void aRunThatDivergesInATaskStopsWithTheEpochAndRound() {
        Dataset blobs = blobs(64, 7);
        float[] y = new float[blobs.rows()];
        for (int i = 0; i < y.length; i++) {
            y[i] = 100 * blobs.inputs()[i * 5];
        }
        Dataset regression = Dataset.of(blobs.inputs(), 5, y, 1);
        SparkTrainer.Settings s = new SparkTrainer.Settings(Loss.MSE, Reduction.MEAN, 0,
                OptimizerSettings.of(OptimizerSettings.Kind.SGD).withLearningRate(1e10f), 8, 3, 1, 1,
                SparkTrainer.Strategy.AVERAGE, 2);
        Network network = Network.builder(5).dense(8, Activation.RELU).dense(1, Activation.IDENTITY).build();
        dev.vectorprop.train.TrainingDivergedException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.vectorprop.train.TrainingDivergedException.class,
                () -> new SparkTrainer(s).fit(network, SparkTrainer.blocks(Spark.CONTEXT, regression, 2)));
        assertTrue(e.getMessage().contains("epoch 1"), e.getMessage());
    }

    @Test
    void averagingLearnsTheBlobs() {
        Dataset data = blobs(600, 4);
        Network network = network(false);
        History history = new SparkTrainer(new SparkTrainer.Settings(Loss.CROSS_ENTROPY, Reduction.MEAN, 0,
                OptimizerSettings.of(OptimizerSettings.Kind.ADAM).withLearningRate(0.01f), 16, 8, 5, 2,
                SparkTrainer.Strategy.AVERAGE, 4)).fit(network, SparkTrainer.blocks(Spark.CONTEXT, data, 2));
        assertTrue(history.last().trainingLoss() < 0.5 * history.epochs().getFirst().trainingLoss() + 0.3,
                history.epochs().toString());
        Dataset test = blobs(300, 5);
        double accuracy = dev.vectorprop.train.Evaluation.of(dev.vectorprop.kernel.Kernels.auto(), network, test,
                Loss.CROSS_ENTROPY, Reduction.MEAN).accuracy();
        assertTrue(accuracy > 0.8, "accuracy " + accuracy);
    }
}
