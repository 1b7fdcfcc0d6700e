package dev.vectorprop.train;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.optim.Adam;
import dev.vectorprop.optim.LearningRateSchedule;
import dev.vectorprop.optim.Sgd;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The trainer applies a schedule and warm-up per epoch and step, resumes with them, and stops early. */
class ScheduleAndEarlyStoppingTest {
    private static final Kernels K = Kernels.scalar();

    /** 200 rows: 10 batches of 20. */
    private static Dataset data(int seed) {
        Random random = new Random(seed);
        float[][] x = new float[200][5];
        int[] labels = new int[200];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 5; j++) {
                x[i][j] = (float) random.nextGaussian();
            }
            labels[i] = (x[i][0] - x[i][3] > 0 ? 1 : 0) + (x[i][1] > 0.3 ? 2 : 0);
        }
        return Dataset.classification(x, labels, 4);
    }

    private static Network network() {
        return Network.builder(5).dense(8, Activation.RELU).dropout(0.1f).dense(6, Activation.IDENTITY)
                .batchNorm(Activation.TANH).dense(4, Activation.SOFTMAX).seed(2).build();
    }

    private static Trainer.Builder builder(int epochs) {
        return Trainer.builder(Loss.CROSS_ENTROPY, new Adam(0.01f)).kernels(K).batchSize(20).epochs(epochs).seed(7)
                .schedule(LearningRateSchedule.cosine(4, 0.1)).warmup(1);
    }

    @Test
    void warmupRisesPerStepThenTheScheduleSetsEachEpochsRate() {
        List<Float> rates = new ArrayList<>();
        Sgd sgd = new Sgd(0.5f);
        History history = Trainer.builder(Loss.CROSS_ENTROPY, sgd).kernels(K).batchSize(20).epochs(4)
                .schedule(LearningRateSchedule.step(2, 0.5)).warmup(2)
                .listener(new TrainingListener() {
                    @Override
                    public void onBatch(int epoch, int batch, int batches, double batchLoss, double smoothedLoss) {
                        rates.add(sgd.learningRate());
                    }
                }).build().fit(network(), data(1));
        assertEquals(0.5 / 20, rates.getFirst(), 1e-7, "the first of 20 warm-up steps");
        assertEquals(0.5 * 7 / 20, rates.get(6), 1e-7);
        assertEquals(0.5, rates.get(19), 1e-7, "the end of the warm-up: the scheduled rate");
        double[] byEpoch = history.epochs().stream().mapToDouble(EpochResult::learningRate).toArray();
        assertArrayEquals(new double[] {0.25, 0.5, 0.25, 0.25}, byEpoch, 1e-7, "warming up, then step's γ from epoch 3");
    }

    @Test
    void plateauHearsTheValidationLoss() {
        List<Double> heard = new ArrayList<>();
        History history = Trainer.builder(Loss.CROSS_ENTROPY, new Adam(0.01f)).kernels(K).batchSize(20).epochs(3)
                .schedule(new LearningRateSchedule() {
                    @Override
                    public double factor(int epoch) {
                        return 1;
                    }

                    @Override
                    public void epochEnded(double loss) {
                        heard.add(loss);
                    }
                }).build().fit(network(), data(1), data(2));
        assertEquals(history.epochs().stream().map(EpochResult::validationLoss).toList(), heard);
    }

    @Test
    void resumingMidEpochWithAScheduleGivesTheSameBits() {
        Network straight = network();
        builder(4).build().fit(straight, data(1));

        Network resumed = network();
        Trainer[] first = new Trainer[1];
        first[0] = builder(4).listener(new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, int batches, double batchLoss, double smoothedLoss) {
                if (epoch == 1 && batch == 4) {
                    first[0].cancel(); // in the warm-up
                }
            }
        }).build();
        assertEquals(History.StopReason.CANCELLED, first[0].fit(resumed, data(1)).stopReason());
        Trainer second = builder(4).build();
        second.restore(first[0].progress());
        second.fit(resumed, data(1));
        assertArrayEquals(straight.parameters(), resumed.parameters());
    }

    @Test
    void earlyStoppingStopsAndKeepsTheBestEpochsWeights() {
        Network net = network();
        List<float[]> weights = new ArrayList<>();
        // a min-delta no loss can beat: epoch 1 stays the best, and patience 2 stops after epoch 3
        EarlyStopping stopping = new EarlyStopping(2, EarlyStopping.Monitor.LOSS, 100);
        History history = Trainer.builder(Loss.CROSS_ENTROPY, new Adam(0.01f)).kernels(K).batchSize(20).epochs(10)
                .earlyStopping(stopping).listener(new TrainingListener() {
                    @Override
                    public void afterEpoch(Trainer trainer, Network network, EpochResult result, boolean lastOfFit) {
                        weights.add(network.parameters().clone());
                    }
                }).build().fit(net, data(1), data(2));
        assertEquals(History.StopReason.EARLY_STOPPING, history.stopReason());
        assertEquals(3, history.epochs().size());
        assertEquals(1, stopping.bestEpoch());
        assertArrayEquals(weights.getFirst(), net.parameters(), "epoch 1's weights are back");
        assertFalse(java.util.Arrays.equals(weights.getLast(), net.parameters()));

        Network other = network();
        EarlyStopping byAccuracy = new EarlyStopping(3, EarlyStopping.Monitor.ACCURACY, 0);
        Trainer.builder(Loss.CROSS_ENTROPY, new Adam(0.01f)).kernels(K).batchSize(20).epochs(8)
                .earlyStopping(byAccuracy).build().fit(other, data(1), data(2));
        Network replay = network();
        Trainer.builder(Loss.CROSS_ENTROPY, new Adam(0.01f)).kernels(K).batchSize(20).epochs(byAccuracy.bestEpoch())
                .build().fit(replay, data(1), data(2));
        assertArrayEquals(replay.parameters(), other.parameters(), "the best epoch's weights, whichever it was");
        assertArrayEquals(((dev.vectorprop.nn.BatchNorm) replay.layers().get(3)).runningMean(),
                ((dev.vectorprop.nn.BatchNorm) other.layers().get(3)).runningMean(), "and batch-norm statistics");
    }

    @Test
    void earlyStoppingNeedsAValidationSet() {
        Trainer trainer = Trainer.builder(Loss.CROSS_ENTROPY, new Adam(0.01f)).kernels(K)
                .earlyStopping(new EarlyStopping(2, EarlyStopping.Monitor.LOSS, 0)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(network(), data(1)));
        assertEquals("early stopping watches the validation set: pass one to fit", e.getMessage());
    }
}
