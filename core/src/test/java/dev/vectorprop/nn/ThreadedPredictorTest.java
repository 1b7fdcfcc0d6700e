package dev.vectorprop.nn;

import dev.vectorprop.Allocations;
import dev.vectorprop.kernel.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Predictor#withThreads}: one row split by columns, batches by rows, the same bits as one thread. */
class ThreadedPredictorTest {
    private static final Kernels K = Kernels.scalar();
    private static final int INPUTS = 150;
    private static final int OUTPUTS = 260;

    /**
     * Every layer kind; widths that split into uneven blocks (197 columns at three threads: 64, 64 and 69); a layer
     * below the size worth splitting (250 → 130), run whole; and a softmax over split columns, which the caller's
     * thread finishes.
     */
    private static Network network() {
        return Network.builder(INPUTS).dense(300, Activation.RELU).dropout(0.3f).dense(197, Activation.IDENTITY)
                .batchNorm(Activation.TANH).dense(250, Activation.SIGMOID).dense(130, Activation.HARD_TANH)
                .dense(OUTPUTS, Activation.SOFTMAX).seed(3).build();
    }

    /** Rows with about a third of their inputs zero, which the one-row products skip. */
    private static float[] rows(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[count * INPUTS];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextInt(3) == 0 ? 0f : (float) random.nextGaussian();
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void everyThreadCountGivesTheBitsOfOneThread(Precision precision) {
        Predictor one = Predictor.of(network(), K, precision);
        float[] x = rows(600, 1);
        for (int threads = 2; threads <= 4; threads++) {
            Predictor many = one.withThreads(threads);
            assertEquals(threads, many.threads());
            for (int i = 0; i < 30; i++) {
                float[] row = Arrays.copyOfRange(x, i * INPUTS, (i + 1) * INPUTS);
                assertArrayEquals(one.predict(row), many.predict(row), threads + " threads, row " + i);
            }
            for (int rows : new int[] {2, 31, 32, 33, 100, 257, 600}) {
                float[] expected = new float[rows * OUTPUTS];
                one.predict(x, rows, expected);
                float[] got = new float[rows * OUTPUTS];
                many.predict(x, rows, got);
                assertArrayEquals(expected, got, threads + " threads, a batch of " + rows);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void helpersMultiplyBlocksOfARowAndRowsOfABatch(Precision precision) {
        Set<String> rowThreads = ConcurrentHashMap.newKeySet();
        Set<String> batchThreads = ConcurrentHashMap.newKeySet();
        Kernels watched = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(),
                new Class<?>[] {Kernels.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("gemvBf16") || name.equals("gemm") && (int) args[0] == 1) {
                        rowThreads.add(Thread.currentThread().getName());
                    } else if (name.equals("gemmPacked")) {
                        batchThreads.add(Thread.currentThread().getName());
                    }
                    try {
                        return method.invoke(K, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Predictor three = Predictor.of(network(), watched, precision).withThreads(3);
        float[] x = rows(100, 6);
        float[] out = new float[100 * OUTPUTS];
        // parts are claimed: a helper still waking up leaves its part to the caller, so allow a few calls
        for (int call = 0; call < 2_000 && (helperIn(rowThreads) < 2 || helperIn(batchThreads) < 2); call++) {
            three.predict(x, 1, out);
            three.predict(x, 100, out);
        }
        assertEquals(2, helperIn(rowThreads), "helpers that multiplied a block of one row: " + rowThreads);
        assertEquals(2, helperIn(batchThreads), "helpers that multiplied rows of a batch: " + batchThreads);
    }

    private static long helperIn(Set<String> threads) {
        return threads.stream().filter(name -> name.startsWith("vectorprop-predictor-")).count();
    }

    @Test
    void concurrentCallersShareTheHelpersOrRunAlone() throws Exception {
        Predictor one = Predictor.of(network(), K);
        Predictor two = one.withThreads(2);
        float[] x = rows(200, 2);
        float[] expected = new float[200 * OUTPUTS];
        one.predict(x, 200, expected);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int caller = t;
                results.add(pool.submit(() -> {
                    float[] out = new float[200 * OUTPUTS];
                    for (int round = 0; round < 5; round++) {
                        if ((caller + round) % 2 == 0) {
                            two.predict(x, 200, out);
                        } else {
                            for (int i = 0; i < 200; i++) {
                                float[] y = two.predict(Arrays.copyOfRange(x, i * INPUTS, (i + 1) * INPUTS));
                                System.arraycopy(y, 0, out, i * OUTPUTS, OUTPUTS);
                            }
                        }
                    }
                    return out;
                }));
            }
            for (Future<float[]> result : results) {
                assertArrayEquals(expected, result.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aBadInputInAHelpersRowsIsRefusedWithItsRowAndColumn() {
        Predictor one = Predictor.of(network(), K);
        Predictor two = one.withThreads(2);
        float[] x = rows(100, 3);
        x[77 * INPUTS + 5] = Float.NaN;
        float[] out = new float[100 * OUTPUTS];
        for (int attempt = 0; attempt < 20; attempt++) { // whichever thread claims the rows
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> two.predict(x, 100, out));
            assertEquals("row 77, column 5 is NaN, not a finite number", e.getMessage());
        }
        x[20 * INPUTS + 1] = Float.POSITIVE_INFINITY; // another in the first half: named first, as on one thread
        for (Predictor predictor : new Predictor[] {one, two, two, two}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> predictor.predict(x, 100, out));
            assertEquals("row 20, column 1 is Infinity, not a finite number", e.getMessage());
        }
        float[] fine = new float[100 * OUTPUTS];
        x[77 * INPUTS + 5] = 1f;
        x[20 * INPUTS + 1] = 1f;
        two.predict(x, 100, fine); // the team is free again
    }

    @Test
    void partCountsThatChangeFromCallToCallKeepTheBits() {
        // three threads: 256 columns in three blocks, 128 in two; a batch in three parts; one row in between
        Network net = Network.builder(INPUTS).dense(256, Activation.RELU).dense(128, Activation.RELU)
                .dense(300, Activation.SOFTMAX).seed(4).build();
        Predictor one = Predictor.of(net, K);
        Predictor three = one.withThreads(3);
        float[] x = rows(40, 7);
        float[] expected = new float[40 * 300];
        one.predict(x, 40, expected);
        float[] got = new float[40 * 300];
        for (int call = 0; call < 300; call++) {
            int i = call % 40;
            float[] row = Arrays.copyOfRange(x, i * INPUTS, (i + 1) * INPUTS);
            float[] alone = three.predict(row);
            if (!Arrays.equals(Arrays.copyOfRange(expected, i * 300, (i + 1) * 300), alone)) {
                assertArrayEquals(Arrays.copyOfRange(expected, i * 300, (i + 1) * 300), alone, "call " + call);
            }
            three.predict(x, 40, got);
            if (!Arrays.equals(expected, got)) {
                assertArrayEquals(expected, got, "call " + call + ", the batch");
            }
        }
    }

    @Test
    void threadsBelowOneAreRefusedAndOneDropsTheHelpers() {
        Predictor one = Predictor.of(network(), K);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> one.withThreads(0));
        assertEquals("a predictor takes 1..256 threads, got 0", e.getMessage());
        assertEquals(1, one.threads());
        assertTrue(one.withThreads(1) == one);
        assertEquals(1, one.withThreads(3).withThreads(1).threads());
    }

    @Test
    void oneRowOnThreeThreadsAllocatesNothingOnceWarm() {
        Predictor three = Predictor.of(network(), K).withThreads(3);
        float[] row = rows(1, 4);
        float[] out = new float[OUTPUTS];
        assertEquals(0, Allocations.leastPer1000Calls(() -> three.predict(row, 1, out)));
    }

    @Test
    void theHelpersEndOnceThePredictorIsUnreachable() throws InterruptedException {
        Set<Thread> before = helpers();
        Set<Thread> mine = startAndDrop();
        mine.removeAll(before);
        assertEquals(2, mine.size(), "helper threads started by a predictor on three threads");
        for (int wait = 0; wait < 100 && mine.stream().anyMatch(Thread::isAlive); wait++) {
            System.gc();
            Thread.sleep(100);
        }
        assertFalse(mine.stream().anyMatch(Thread::isAlive), "helpers still alive 10 s after their predictor");
    }

    private static Set<Thread> startAndDrop() {
        Predictor three = Predictor.of(network(), K).withThreads(3);
        assertNotNull(three.predict(rows(1, 5)));
        return helpers();
    }

    private static Set<Thread> helpers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("vectorprop-predictor-")).collect(Collectors.toSet());
    }
}
