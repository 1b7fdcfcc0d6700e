package dev.vectorprop.train;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.data.IdxReader;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Predictor;
import dev.vectorprop.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every public entry point names what is wrong with its input, and loses nothing. */
class BadInputTest {
    private static final Kernels K = Kernels.scalar();

    private static void assertMessage(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should mention '" + part + "'");
        }
    }

    @Test
    void mismatchedShapesNameBothShapes() {
        Network net = Network.builder(3).dense(2, Activation.IDENTITY).build();
        Dataset data = Dataset.of(new float[][] {{1, 2}, {3, 4}}, new float[][] {{1}, {2}});
        Trainer trainer = Trainer.builder(Loss.MSE, new Sgd(0.1f)).kernels(K).build();
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(net, data));
        assertMessage(e, "2 features and 1 targets", "3 inputs to 2 outputs");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new float[][] {{1, 2}, {3}}, new float[][] {{1}, {2}})), "row 1 has 1 values");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new float[][] {{1, 2}}, new float[][] {{1}, {2}})), "1 input rows but 2 target rows");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Predictor.of(net, K).predict(new float[][] {{1, 2}})), "row 0 has 2 values", "takes 3");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Predictor.of(net, K).predict(new float[] {1, Float.NaN, 2})), "row 0, column 1", "NaN");
    }

    @Test
    void nonFiniteValuesNameRowAndColumn() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new float[][] {{1, 2}, {3, Float.NaN}}, new float[][] {{1}, {2}}));
        assertMessage(e, "row 1, column 1", "NaN");
        e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new float[][] {{1, 2}, {3, 4}}, new float[][] {{Float.POSITIVE_INFINITY}, {2}}));
        assertMessage(e, "target at row 0, column 0", "Infinity");
    }

    @Test
    void labelsOutOfRange() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(new float[][] {{1}, {2}}, new int[] {0, 3}, 3));
        assertMessage(e, "label 3 in row 1", "0..2");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(new float[][] {{1}}, new int[] {-1}, 2)), "label -1 in row 0");
    }

    @Test
    void emptyDataSets() {
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(new float[0][], new float[0][])), "empty");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Dataset.classification(new float[0], 3, new int[0], 2)), "empty");
    }

    @Test
    void zeroOrNegativeSizesAndLearningRates() {
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Network.builder(0)), "at least one input");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Network.builder(3).dense(0, Activation.RELU)), "positive", "3 → 0");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Network.builder(3).dense(-2, Activation.RELU)), "3 → -2");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new Sgd(0f)), "learning rate", "0.0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new Sgd(-1f)), "learning rate", "-1.0");
        var builder = Trainer.builder(Loss.MSE, new Sgd(0.1f));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> builder.batchSize(0)), "batch size");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> builder.epochs(-1)), "epoch count");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> builder.threads(0)), "thread count");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Network.builder(3).dropout(1f)), "dropout rate");
        assertMessage(assertThrows(IllegalStateException.class, () -> Network.builder(3).build()), "at least one layer");
    }

    @Test
    void aDivergingRunStopsAndKeepsTheLastGoodWeights() {
        Network net = Network.builder(1).dense(1, Activation.IDENTITY).seed(1).build();
        Dataset data = Dataset.of(new float[][] {{1e18f}, {-1e18f}}, new float[][] {{1e18f}, {1e18f}});
        float[][] lastGood = {net.parameters().clone()};
        Trainer trainer = Trainer.builder(Loss.MSE, new Sgd(1f)).kernels(K).batchSize(2).epochs(3)
                .listener(new TrainingListener() {
                    @Override
                    public void onBatch(int epoch, int batch, int batches, double loss, double smoothed) {
                        lastGood[0] = net.parameters().clone();
                    }
                }).build();
        var e = assertThrows(TrainingDivergedException.class, () -> trainer.fit(net, data));
        assertMessage(e, "epoch 2, batch 1", "keeps its weights");
        assertArrayEquals(lastGood[0], net.parameters());
    }

    @Test
    void truncatedAndCorruptIdxFiles(@TempDir Path dir) throws IOException {
        Path labels = dir.resolve("labels-idx1-ubyte");
        Files.write(labels, new byte[] {0, 0, 8, 1, 0, 0, 0, 5, 1, 2});
        assertMessage(assertThrows(IOException.class, () -> IdxReader.readLabels(labels)),
                "truncated", "promises 5", "holds 2");
        Path wrong = dir.resolve("wrong");
        Files.write(wrong, new byte[] {0x1f, 0, 8, 1, 0, 0, 0, 1, 1});
        assertMessage(assertThrows(IOException.class, () -> IdxReader.readLabels(wrong)), "not an IDX file");
        Path huge = dir.resolve("huge-idx3-ubyte");
        Files.write(huge, new byte[] {0, 0, 8, 3, 0x7f, 0, 0, 0, 0x7f, 0, 0, 0, 0x7f, 0, 0, 0});
        assertMessage(assertThrows(IOException.class, () -> IdxReader.readImages(huge)), "claims");
    }
}
