package dev.vectorprop.samples;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.data.FashionMnist;
import dev.vectorprop.nn.Model;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model trained on IDX images, then inspected, evaluated and used by predict on IDX and on CSV files. */
class ModelLifecycleTest {
    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void train() {
        model = dir.resolve("fashion.vpm");
        CliRun run = CliRun.of("train", "--layers", "784,16,10", "--epochs", "1", "--model", model.toString(), "--quiet");
        assertEquals(0, run.code(), run.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void infoPrintsTheProvenance() {
        CliRun run = CliRun.of("info", "--model", model.toString(), "--json");
        assertEquals(0, run.code(), run.err());
        Map<String, Object> info = (Map<String, Object>) Json.parse(run.lastLine());
        assertEquals(784.0, info.get("inputs"));
        assertEquals("0.2.0", info.get("version"));
        Map<String, Object> configuration = (Map<String, Object>) info.get("configuration");
        assertEquals("vectorprop train --layers 784,16,10 --epochs 1 --model " + model + " --quiet",
                configuration.get("command"));
        assertEquals("adam", configuration.get("optimizer"));
        Map<String, Object> data = (Map<String, Object>) info.get("data");
        assertEquals(60_000.0, data.get("rows"));
        assertEquals(64, ((String) data.get("sha256")).length());
        assertTrue((Double) ((Map<String, Object>) info.get("metrics")).get("test.accuracy") > 0.7);
        CliRun text = CliRun.of("info", "--model", model.toString());
        assertTrue(text.out().contains("training data: 60,000 rows × 784 columns, SHA-256 "), text.out());
    }

    @Test
    void predictsIdxImagesAndCsvRowsOfRawPixelsAlike() throws Exception {
        CliRun idx = CliRun.of("predict", "--model", model.toString(), "--data", "fashion-mnist");
        assertEquals(0, idx.code(), idx.err());
        assertEquals(10_001, idx.lines().size());
        assertTrue(idx.lines().get(0).startsWith("image,class,p(T-shirt/top),"), idx.lines().get(0));

        Dataset test = FashionMnist.test(FashionMnist.DEFAULT_DIRECTORY);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StringBuilder row = new StringBuilder();
            for (int j = 0; j < 784; j++) {
                row.append(j == 0 ? "" : ",").append(Math.round(test.inputs()[i * 784 + j] * 255));
            }
            rows.add(row.toString());
        }
        Path headerless = dir.resolve("pixels.csv");
        Files.write(headerless, rows);
        CliRun csv = CliRun.of("predict", "--model", model.toString(), "--data", headerless.toString());
        assertEquals(0, csv.code(), csv.err());
        for (int i = 1; i <= 3; i++) {
            assertEquals(idx.lines().get(i).replaceFirst("^\\d+", ""), csv.lines().get(i).replaceFirst("^\\d+", ""),
                    "image " + i);
        }

        List<String> labelled = new ArrayList<>();
        StringBuilder header = new StringBuilder("label");
        for (int j = 0; j < 784; j++) {
            header.append(",pixel").append(j);
        }
        labelled.add(header.toString());
        for (int i = 0; i < 3; i++) {
            labelled.add('"' + FashionMnist.CLASS_NAMES[test.label(i)] + "\"," + rows.get(i));
        }
        Path withLabels = dir.resolve("labelled.csv");
        Files.write(withLabels, labelled);
        CliRun evaluate = CliRun.of("evaluate", "--model", model.toString(), "--data", withLabels.toString(), "--json");
        assertEquals(0, evaluate.code(), evaluate.err());
        assertTrue(evaluate.lastLine().startsWith("{\"accuracy\":"), evaluate.lastLine());
    }

    @Test
    void aCsvOfTheWrongWidthSaysWhatTheModelTakes() throws Exception {
        Path narrow = dir.resolve("narrow.csv");
        Files.writeString(narrow, "1,2,3\n4,5,6\n");
        CliRun run = CliRun.of("predict", "--model", model.toString(), "--data", narrow.toString());
        assertEquals(Cli.EXIT_BAD_INPUT, run.code());
        assertTrue(run.err().contains("has 3 feature columns, the model takes 784"), run.err());
        assertEquals(784, Model.load(model).network().inputs());
    }
}
