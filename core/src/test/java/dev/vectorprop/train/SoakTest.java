package dev.vectorprop.train;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.io.Checkpoint;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Predictor;
import dev.vectorprop.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A few seconds of a server's life: background training on a 2-thread pool, checkpointing every epoch,
 * while four threads predict with whatever the job last published; then the checkpoint, the answers and
 * the threads are checked.
 */
class SoakTest {
    @Test
    void predictWhileTrainingAndCheckpointing(@TempDir Path dir) throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        SplittableRandom random = new SplittableRandom(4);
        float[] x = new float[20_000 * 16];
        int[] labels = new int[20_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (x[i * 16] > 0 ? 1 : 0) + (x[i * 16 + 1] > 0 ? 2 : 0);
        }
        Dataset data = Dataset.classification(x, 16, labels, 4);
        Network network = Network.builder(16).dense(64, Activation.RELU).dropout(0.1f).dense(4, Activation.SOFTMAX)
                .seed(1).build();
        Path checkpoint = dir.resolve("soak.vpck");
        ExecutorService background = Executors.newSingleThreadExecutor();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        AtomicBoolean stop = new AtomicBoolean();
        TrainingJob job = TrainingJob.start(Trainer.builder(Loss.CROSS_ENTROPY, new Adam(1e-3f)).kernels(Kernels.auto())
                .batchSize(32).epochs(1_000).threads(2).listener(Checkpoint.every(1, checkpoint, Model.of(network))), network, data, null,
                background);
        List<Future<Long>> answers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int seed = t;
            answers.add(clients.submit(() -> {
                SplittableRandom r = new SplittableRandom(seed);
                float[] row = new float[16];
                long count = 0;
                while (!stop.get()) {
                    for (int j = 0; j < 16; j++) {
                        row[j] = (float) r.nextDouble(-1, 1);
                    }
                    Predictor predictor = job.latestPredictor();
                    float[] p = predictor.predict(row);
                    assertArrayEquals(p, predictor.predict(row), "a snapshot answers the same twice");
                    double total = 0;
                    for (float v : p) {
                        assertTrue(Float.isFinite(v) && v >= 0);
                        total += v;
                    }
                    assertEquals(1.0, total, 1e-5);
                    count++;
                }
                return count;
            }));
        }
        Thread.sleep(4_000);
        job.cancel();
        History history = job.result().get(30, TimeUnit.SECONDS);
        stop.set(true);
        long predictions = 0;
        for (Future<Long> a : answers) {
            predictions += a.get();
        }
        clients.shutdown();
        background.shutdown();
        assertTrue(clients.awaitTermination(10, TimeUnit.SECONDS) && background.awaitTermination(10, TimeUnit.SECONDS));
        System.out.printf("soak: %d epochs trained, %d predictions from 4 threads, checkpoint after every epoch%n",
                history.epochs().size(), predictions);
        assertEquals(History.StopReason.CANCELLED, history.stopReason());
        assertTrue(history.epochs().size() >= 1 && predictions > 1_000);

        Checkpoint.Contents saved = Checkpoint.load(checkpoint);
        assertEquals(history.epochs().size(), saved.progress().epochs(), "the last epoch's checkpoint");
        float[] row = new float[16];
        row[0] = 0.5f;
        assertArrayEquals(job.latestPredictor().predict(row),
                Predictor.of(saved.model().network(), Kernels.auto()).predict(row),
                "the checkpoint holds the weights of the last published epoch");

        // the trainer's own pool is gone, and no other thread was left behind
        long deadline = System.nanoTime() + 10_000_000_000L;
        Set<String> leaked;
        do {
            Thread.sleep(50);
            leaked = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t) && t.isAlive())
                    .filter(t -> !t.getName().startsWith("process reaper")).map(Thread::getName)
                    .collect(Collectors.toSet());
        } while (!leaked.isEmpty() && System.nanoTime() < deadline);
        assertTrue(leaked.isEmpty(), "threads left behind: " + leaked);
    }
}
