package dev.vectorprop.train;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.data.FashionMnist;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.optim.Adam;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end on the real Fashion-MNIST (Debian package dataset-fashion-mnist; .ci/run installs it). */
class FashionMnistTest {

    @Test
    void oneEpochOf784To128To10ReachesEightyPercent() throws IOException {
        Dataset train = FashionMnist.training(FashionMnist.DEFAULT_DIRECTORY);
        Dataset test = FashionMnist.test(FashionMnist.DEFAULT_DIRECTORY);
        assertEquals(60_000, train.rows());
        assertEquals(10_000, test.rows());
        assertEquals(784, train.features());

        Network net = Network.builder(784).dense(128, Activation.RELU).dense(10, Activation.SOFTMAX).seed(0).build();
        Trainer trainer = Trainer.builder(Loss.CROSS_ENTROPY, new Adam(1e-3f)).kernels(Kernels.auto())
                .batchSize(64).epochs(1).seed(0).build();
        long started = System.nanoTime();
        History history = trainer.fit(net, train);
        double seconds = (System.nanoTime() - started) / 1e9;
        double accuracy = trainer.evaluate(net, test).accuracy();
        System.out.printf("Fashion-MNIST 784-128-10, 1 epoch with %s kernels: %.1f s, loss %.4f, test accuracy %.4f%n",
                trainer.kernels().name(), seconds, history.last().trainingLoss(), accuracy);
        assertTrue(accuracy >= 0.80, "test accuracy " + accuracy);
    }
}
