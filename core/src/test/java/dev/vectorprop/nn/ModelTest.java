package dev.vectorprop.nn;

import dev.vectorprop.Allocations;
import dev.vectorprop.data.Scaler;
import dev.vectorprop.kernel.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The serving facade: a model's predictor takes rows in the data's units and answers in them. */
class ModelTest {
    private static final Kernels K = Kernels.scalar();
    private static final String[] CLASSES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot"};

    /** A classifier of raw pixels (0–255), as {@code vectorprop train} makes from IDX images. */
    private static Model fashionLike() {
        Network net = Network.builder(784).dense(32, Activation.RELU).dense(10, Activation.SOFTMAX).seed(3).build();
        float[] factor = new float[784];
        Arrays.fill(factor, 1f / 255);
        return new Model(net, new Scaler(Scaler.Kind.MIN_MAX, new float[784], factor), Scaler.none(10), CLASSES,
                null, new String[] {"label"}, null);
    }

    /** A regressor with z-scored inputs and target. */
    private static Model housingLike() {
        Network net = Network.builder(3).dense(8, Activation.TANH).dense(1, Activation.IDENTITY).seed(4).build();
        Scaler inputs = new Scaler(Scaler.Kind.Z_SCORE, new float[] {10f, -2f, 1000f}, new float[] {0.5f, 2f, 1e-3f});
        Scaler target = new Scaler(Scaler.Kind.Z_SCORE, new float[] {200_000f}, new float[] {1e-5f});
        return new Model(net, inputs, target, null, new String[] {"rooms", "slope", "income"},
                new String[] {"value"}, null);
    }

    private static double[] pixels(int seed) {
        double[] pixels = new double[784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i * 31 + seed * 17) % 256;
        }
        return pixels;
    }

    /** The README's Java quick start, verbatim, run as written (so that the README cannot rot). */
    @Test
    void theReadmeQuickStartRuns() throws IOException {
        String quickStart = """
                Model model = Model.load(Path.of("fashion.vpm"));
                Predictor predictor = model.predictor();
                String label = predictor.label(pixels);
                """;
        String readme = Files.readString(Path.of("../README.md"));
        for (String line : quickStart.strip().split("\n")) {
            assertTrue(readme.contains(line), "the README's quick start has the line: " + line);
        }
        Path file = Path.of("fashion.vpm");
        fashionLike().save(file);
        try {
            double[] pixels = pixels(1);

            Model model = Model.load(Path.of("fashion.vpm"));
            Predictor predictor = model.predictor();
            String label = predictor.label(pixels);

            float[] probabilities = predictor.predict(pixels);
            assertEquals(CLASSES[predictor.classify(pixels)], label);
            assertEquals(1.0, sum(probabilities), 1e-5);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void takesRawRowsAndAnswersInTheTargetsUnits() {
        Model model = housingLike();
        double[] raw = {12.5, -1.25, 3200};
        float[] scaled = {(12.5f - 10f) * 0.5f, (-1.25f + 2f) * 2f, (3200f - 1000f) * 1e-3f};
        float[] expected = Predictor.of(model.network(), K).predict(scaled);
        expected[0] = expected[0] / 1e-5f + 200_000f;

        Predictor predictor = model.predictor(K, Precision.FP32);
        assertArrayEquals(expected, predictor.predict(raw));
        float[] floats = {12.5f, -1.25f, 3200f};
        assertArrayEquals(expected, predictor.predict(floats));
        assertArrayEquals(new float[] {12.5f, -1.25f, 3200f}, floats, "the caller's row is not written");
        assertArrayEquals(expected, predictor.predict(new double[][] {raw, raw})[1]);
        var e = assertThrows(IllegalStateException.class, () -> predictor.label(raw));
        assertTrue(e.getMessage().contains("no class names"), e.getMessage());
    }

    @Test
    void aBatchGivesEachRowTheBitsItHasAlone() {
        Model model = fashionLike();
        Predictor predictor = model.predictor(K, Precision.FP32);
        double[][] rows = {pixels(1), pixels(2), pixels(3)};
        float[][] batch = predictor.predict(rows);
        String[] labels = predictor.labels(rows);
        for (int i = 0; i < rows.length; i++) {
            assertArrayEquals(predictor.predict(rows[i]), batch[i], "row " + i);
            assertEquals(predictor.label(rows[i]), labels[i]);
        }
        assertTrue(List.of(CLASSES).contains(labels[0]));
        Predictor bf16 = model.predictor(K, Precision.BF16);
        assertArrayEquals(predictor.predict(rows[0]), bf16.predict(rows[0]), 5e-3f);
    }

    @Test
    void valuesThatAreOrBecomeNonFiniteAreRefusedByRowAndColumn() {
        Predictor predictor = housingLike().predictor(K, Precision.FP32);
        var overflow = assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(new double[] {1, 1e39, 1}));
        assertEquals("row 0, column 1 ('slope') is 1.0E39, which overflows float (largest ±3.4e38)",
                overflow.getMessage());
        var nan = assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(new double[][] {{1, 1, 1}, {1, 1, Double.NaN}}));
        assertEquals("row 1, column 2 ('income') is NaN, not a finite number", nan.getMessage());
        var scaled = assertThrows(IllegalArgumentException.class,
                () -> predictor.predict(new float[] {1, -3e38f, 1}));
        assertTrue(scaled.getMessage().startsWith("row 0, column 1 ('slope') is -3.0000000054977558E38, which the "
                + "model's input scaling takes beyond float's range"), scaled.getMessage());
    }

    @Test
    void predictingRawRowsIntoTheCallersArraysAllocatesNothingOnceWarm() {
        Predictor predictor = housingLike().predictor(K, Precision.FP32);
        float[] floats = {12.5f, -1.25f, 3200f, 11f, 0f, 900f};
        double[] doubles = {12.5, -1.25, 3200, 11, 0, 900};
        float[] out = new float[2];
        assertEquals(0, Allocations.leastPer1000Calls(() -> predictor.predict(floats, 2, out)), "float rows");
        assertEquals(0, Allocations.leastPer1000Calls(() -> predictor.predict(doubles, 2, out)), "double rows");
        assertEquals(12.5f, floats[0], "the caller's rows are not written");
    }

    @Test
    void savesAndLoadsWithItsProvenance(@TempDir Path dir) throws IOException {
        Provenance provenance = Provenance.of(java.util.Map.of("optimizer", "adam"),
                new Provenance.DataFingerprint(5, 3, "ab12"), java.util.Map.of("test.r2", 0.75));
        Model model = housingLike().withProvenance(provenance);
        Path file = dir.resolve("m.vpm");
        model.save(file);
        Model loaded = Model.load(file);
        assertEquals(provenance, loaded.provenance());
        assertArrayEquals(model.predictor(K, Precision.FP32).predict(new double[] {1, 2, 3}),
                loaded.predictor(K, Precision.FP32).predict(new double[] {1, 2, 3}));
    }

    private static double sum(float[] values) {
        double total = 0;
        for (float v : values) {
            total += v;
        }
        return total;
    }
}
