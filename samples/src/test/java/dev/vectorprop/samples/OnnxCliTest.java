package dev.vectorprop.samples;

import dev.vectorprop.data.Scaler;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Provenance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** export and import, and predict, evaluate and info on .onnx files. */
class OnnxCliTest {
    @TempDir
    static Path dir;
    private static Path vpm;
    private static Path csv;

    /** A classifier of two named features with z-scored inputs, and a labelled CSV of them. */
    @BeforeAll
    static void model() throws Exception {
        Network net = Network.builder(2).dense(8, Activation.TANH).dense(3, Activation.SOFTMAX).seed(5).build();
        Model model = new Model(net, new Scaler(Scaler.Kind.Z_SCORE, new float[] {10f, -3f}, new float[] {0.5f, 2f}),
                Scaler.none(3), new String[] {"low", "mid", "high"}, new String[] {"u", "v"}, new String[] {"level"},
                Provenance.of(Map.of("command", "test"), null, Map.of()));
        vpm = dir.resolve("m.vpm");
        model.save(vpm);
        StringBuilder rows = new StringBuilder("u,v,level\n");
        for (int i = 0; i < 12; i++) {
            rows.append(8 + i * 0.4).append(',').append(-3.5 + i * 0.1).append(',').append(new String[] {"low", "mid",
                    "high"}[i % 3]).append('\n');
        }
        csv = Files.writeString(dir.resolve("rows.csv"), rows);
    }

    private static CliRun run(int code, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(code, run.code(), run.out() + run.err());
        return run;
    }

    @Test
    void exportThenPredictOnTheOnnxFileAnswersAsTheModelFile() throws Exception {
        Path onnx = dir.resolve("m.onnx");
        CliRun export = run(0, "export", "--model", vpm.toString(), "--onnx", onnx.toString(), "--opset", "15");
        assertTrue(export.out().startsWith("exported " + vpm + " to " + onnx + " (ONNX operator set 15, "), export.out());
        List<String> fromVpm = run(0, "predict", "--model", vpm.toString(), "--data", csv.toString()).lines();
        List<String> fromOnnx = run(0, "predict", "--model", onnx.toString(), "--data", csv.toString()).lines();
        assertEquals("line,class,p(low),p(mid),p(high)", fromOnnx.getFirst());
        assertEquals(fromVpm, fromOnnx);
        List<String> bf16 = run(0, "predict", "--model", onnx.toString(), "--data", csv.toString(), "--precision",
                "bf16").lines();
        assertEquals(fromVpm.size(), bf16.size());
        String evaluate = run(0, "evaluate", "--model", onnx.toString(), "--data", csv.toString(), "--json").lastLine();
        assertEquals(run(0, "evaluate", "--model", vpm.toString(), "--data", csv.toString(), "--json").lastLine(), evaluate);
        String info = run(0, "info", "--model", onnx.toString()).out();
        assertTrue(info.contains("features: 2: u, v") && info.contains("input scaling: z-score")
                && info.contains("command = test"), info);
    }

    @Test
    void importGivesBackTheModelFile() throws Exception {
        Path onnx = dir.resolve("back.onnx");
        run(0, "export", "--model", vpm.toString(), "--onnx", onnx.toString());
        Path back = dir.resolve("back.vpm");
        CliRun imported = run(0, "import", "--onnx", onnx.toString(), "--model", back.toString());
        assertEquals("imported " + onnx + " to " + back + ": Network[Dense(2 → 8, TANH), Dense(8 → 3, SOFTMAX)], "
                + "classes low, mid, high", imported.lastLine());
        Model original = Model.load(vpm);
        Model again = Model.load(back);
        assertArrayEquals(original.network().parameters(), again.network().parameters());
        assertArrayEquals(original.featureNames(), again.featureNames());
        assertEquals(original.provenance(), again.provenance());
    }

    @Test
    void aPyTorchModelIsImportedAndServedByPredict() throws Exception {
        Path pytorch = Path.of("../onnx/src/test/resources/pytorch/gemm_relu_softmax_opset17.onnx");
        Path rows = dir.resolve("eight.csv");
        Files.writeString(rows, "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8\n-1,1,-1,1,-1,1,-1,1\n");
        List<String> lines = run(0, "predict", "--model", pytorch.toString(), "--data", rows.toString()).lines();
        assertEquals("line,class,p(0),p(1),p(2),p(3)", lines.getFirst());
        assertEquals(3, lines.size());
        Path converted = dir.resolve("pytorch.vpm");
        run(0, "import", "--onnx", pytorch.toString(), "--model", converted.toString());
        assertEquals(lines, run(0, "predict", "--model", converted.toString(), "--data", rows.toString()).lines());
    }

    @Test
    void badOpsetsAndUnsupportedGraphsAreOneLine() throws Exception {
        CliRun opset = run(2, "export", "--model", vpm.toString(), "--onnx", dir.resolve("x.onnx").toString(),
                "--opset", "12");
        assertTrue(opset.err().startsWith("--opset must be 13 to 17, not 12"), opset.err());
        Path junk = Files.write(dir.resolve("junk.onnx"), new byte[] {0x3A, 100, 0});
        CliRun bad = run(3, "predict", "--model", junk.toString(), "--data", csv.toString());
        assertEquals("vectorprop: " + junk + " is not a valid ONNX file: field 7 claims 100 bytes, 1 are left at offset 2",
                bad.err().strip());
        CliRun notOnnx = run(3, "import", "--onnx", vpm.toString(), "--model", dir.resolve("y.vpm").toString());
        assertNotEquals("", notOnnx.err());
        assertTrue(notOnnx.err().startsWith("vectorprop: " + vpm + " is not a valid ONNX file"), notOnnx.err());
    }
}
