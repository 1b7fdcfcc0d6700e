package dev.vectorprop.onnx;

import dev.vectorprop.data.Scaler;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.BatchNorm;
import dev.vectorprop.nn.Dropout;
import dev.vectorprop.nn.Layer;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Precision;
import dev.vectorprop.nn.Provenance;
import dev.vectorprop.onnx.Onnx.Attribute;
import dev.vectorprop.onnx.Onnx.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static dev.vectorprop.onnx.OnnxExportTest.randomized;
import static dev.vectorprop.onnx.OnnxExportTest.rows;
import static dev.vectorprop.onnx.OnnxExportTest.scaler;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Imported graphs, ours and as other exporters write them, predict as ONNX Runtime runs them. */
class OnnxImportTest {
    private static Model classifier() {
        Network net = randomized(Network.builder(6).dense(16, Activation.IDENTITY).batchNorm(Activation.RELU)
                .dropout(0.2f).dense(8, Activation.HARD_TANH).dense(3, Activation.SOFTMAX).build(), 21);
        Provenance provenance = Provenance.of(Map.of("layers", "6,16,8,3", "seed", "21"),
                new Provenance.DataFingerprint(1000, 6, "ab".repeat(32)), Map.of("test.accuracy", 0.875));
        return new Model(net, scaler(Scaler.Kind.Z_SCORE, 6, 22), Scaler.none(3), new String[] {"cat", "dog \"x\"", "é,1"},
                new String[] {"a", "b", "c", "d", "e", "f"}, new String[] {"label"}, provenance);
    }

    private static Model regression() {
        Network net = randomized(Network.builder(4).dense(9, Activation.SIGMOID).dense(5, Activation.SIGN)
                .dense(2, Activation.IDENTITY).build(), 23);
        Scaler target = new Scaler(Scaler.Kind.MIN_MAX, new float[] {1000f, 7f}, new float[] {1e-3f, 0f});
        return new Model(net, scaler(Scaler.Kind.MIN_MAX, 4, 24), target, null, null, new String[] {"price", "k"}, null);
    }

    @Test
    void aRoundTripGivesBackTheSameModel() throws IOException {
        for (Model model : List.of(classifier(), regression())) {
            Model back = OnnxImport.read("m.onnx", OnnxExport.toBytes(model));
            List<Layer> layers = model.network().layers().stream().filter(l -> !(l instanceof Dropout)).toList();
            assertEquals(layers.toString(), back.network().layers().toString());
            assertArrayEquals(model.network().parameters(), back.network().parameters());
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) instanceof BatchNorm b) {
                    BatchNorm c = (BatchNorm) back.network().layers().get(i);
                    assertArrayEquals(b.runningMean(), c.runningMean());
                    assertArrayEquals(b.runningVariance(), c.runningVariance());
                }
            }
            for (Scaler[] pair : new Scaler[][] {{model.inputScaler(), back.inputScaler()}, {model.targetScaler(),
                    back.targetScaler()}}) {
                assertEquals(pair[0].kind(), pair[1].kind());
                assertArrayEquals(pair[0].shift(), pair[1].shift());
                assertArrayEquals(pair[0].factor(), pair[1].factor());
            }
            assertArrayEquals(model.classNames(), back.classNames());
            assertArrayEquals(model.featureNames(), back.featureNames());
            assertArrayEquals(model.targetNames(), back.targetNames());
            assertEquals(model.provenance(), back.provenance());
            float[] x = rows(5, model.network().inputs(), 25);
            for (Precision precision : Precision.values()) {
                assertArrayEquals(predict(model, x, precision), predict(back, x, precision), precision.toString());
            }
        }
    }

    private static float[] predict(Model model, float[] x, Precision precision) {
        int rows = x.length / model.network().inputs();
        float[] out = new float[rows * model.network().outputs()];
        model.predictor(Kernels.auto(), precision).predict(x, rows, out);
        return out;
    }

    /** Imports the graph and checks its predictions against ONNX Runtime's on the same bytes. */
    private static Model assertImportsAsRuntimeRuns(byte[] onnx, int inputs, boolean logProbabilities) throws Exception {
        Model model = OnnxImport.read("test.onnx", onnx);
        float[] x = rows(7, inputs, 26);
        float[] expected = Runtime.run(onnx, x, 7);
        if (logProbabilities) {
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (float) Math.exp(expected[i]);
            }
        }
        Runtime.assertClose(expected, predict(model, x, Precision.FP32), "imported");
        return model;
    }

    @Test
    void pytorchStyleGemmWithTransposedWeightsAlphaAndBeta() throws Exception {
        Graphs g = new Graphs(1, 5);
        g.node("Gemm", List.of(g.constant(new long[] {8, 5}, g.random(40, 0.5)), g.constant(new long[] {8}, g.random(8, 1))),
                Attribute.ofInt("transB", 1), Attribute.ofFloat("alpha", 0.5f), Attribute.ofFloat("beta", 2f));
        g.node("Relu");
        g.node("Gemm", List.of(g.constant(new long[] {3, 8}, g.random(24, 0.5)), g.constant(new long[] {3}, g.random(3, 1))),
                Attribute.ofInt("transB", 1));
        g.node("Softmax", Attribute.ofInt("axis", 1));
        Model model = assertImportsAsRuntimeRuns(g.bytes(11, 3), 5, false);
        assertArrayEquals(new String[] {"0", "1", "2"}, model.classNames());
        assertEquals("11", model.provenance().configuration().get("onnx.opset"));
        assertEquals("test 1", model.provenance().configuration().get("onnx.producer"));
    }

    @Test
    void tf2onnxStyleMatMulAndAdd() throws Exception {
        Graphs g = new Graphs(2, 4);
        g.node("MatMul", List.of(g.constant(new long[] {4, 6}, g.random(24, 0.5))));
        g.node("Add", List.of(g.constant(new long[] {6}, g.random(6, 1))));
        g.node("Tanh");
        g.raw("MatMul", List.of(g.constant(new long[] {6, 2}, g.random(12, 0.5)), "tanh_2")); // weights first: refused
        assertEquals("t.onnx: operator MatMul (node '/MatMul_4') is not supported: it does not take the output of the "
                + "node before it ('tanh_2') as its first input: the graph is not a chain",
                assertThrows(IOException.class, () -> OnnxImport.read("t.onnx", g.bytes(13, 2))).getMessage());

        Graphs h = new Graphs(2, 4);
        h.node("MatMul", List.of(h.constant(new long[] {4, 6}, h.random(24, 0.5))));
        h.raw("Add", List.of(h.constant(new long[] {1, 6}, h.random(6, 1)), "matmul_0")); // bias first, as tf2onnx may
        h.node("Tanh");
        h.node("MatMul", List.of(h.constant(new long[] {6, 2}, h.random(12, 0.5))));
        h.node("Add", List.of(h.constant(new long[] {2}, h.random(2, 1))));
        Model model = assertImportsAsRuntimeRuns(h.bytes(13, 2), 4, false);
        assertNull(model.classNames());
        assertEquals("Network[Dense(4 → 6, TANH), Dense(6 → 2, IDENTITY)]", model.network().toString());
    }

    @Test
    void flattenOfImagesAndReshapeByAConstantNode() throws Exception {
        Graphs g = new Graphs(3, 1, 4, 4);
        g.node("Flatten", Attribute.ofInt("axis", 1));
        g.node("Gemm", List.of(g.constant(new long[] {16, 3}, g.random(48, 0.3))));
        g.node("Sigmoid");
        byte[] flatten = g.bytes(12, 3);
        Model model = OnnxImport.read("f.onnx", flatten);
        float[] x = rows(2, 16, 27);
        Runtime.assertClose(runFlat(flatten, x, 2, new long[] {2, 1, 4, 4}), predict(model, x, Precision.FP32), "flatten");

        Graphs h = new Graphs(4, 2, 8);
        String shape = h.constantNode(new Tensor("", Onnx.INT64, new long[] {2}, null, new long[] {-1, 16}));
        h.node("Reshape", List.of(shape));
        h.node("Gemm", List.of(h.constant(new long[] {16, 3}, h.random(48, 0.3))));
        byte[] reshape = h.bytes(14, 3);
        Model reshaped = OnnxImport.read("r.onnx", reshape);
        Runtime.assertClose(runFlat(reshape, x, 2, new long[] {2, 2, 8}), predict(reshaped, x, Precision.FP32), "reshape");
    }

    private static float[] runFlat(byte[] onnx, float[] x, int rows, long[] shape) throws Exception {
        ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        try (ai.onnxruntime.OrtSession session = env.createSession(onnx);
             ai.onnxruntime.OnnxTensor input = ai.onnxruntime.OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(x), shape);
             ai.onnxruntime.OrtSession.Result result = session.run(Map.of("x", input))) {
            java.nio.FloatBuffer out = ((ai.onnxruntime.OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }

    @Test
    void batchNormalizationWithAnotherEpsilonDropoutAndIdentity() throws Exception {
        Graphs g = new Graphs(5, 6);
        g.node("Gemm", List.of(g.constant(new long[] {10, 6}, g.random(60, 0.5)), g.constant(new long[] {10}, g.random(10, 1))),
                Attribute.ofInt("transB", 1));
        float[] variance = g.random(10, 1);
        for (int j = 0; j < 10; j++) {
            variance[j] = Math.abs(variance[j]) * 1e-3f; // small, so that the 1e-3 against 1e-5 shows
        }
        g.node("BatchNormalization", List.of(g.constant(new long[] {10}, g.random(10, 2)), g.constant(new long[] {10},
                g.random(10, 1)), g.constant(new long[] {10}, g.random(10, 1)), g.constant(new long[] {10}, variance)),
                Attribute.ofFloat("epsilon", 1e-3f), Attribute.ofFloat("momentum", 0.9f));
        g.node("Relu");
        g.node("Dropout", List.of(g.constant(new long[0], new float[] {0.5f})));
        g.node("Identity");
        g.node("Gemm", List.of(g.constant(new long[] {2, 10}, g.random(20, 0.5))), Attribute.ofInt("transB", 1));
        g.node("LogSoftmax", Attribute.ofInt("axis", -1));
        Model model = assertImportsAsRuntimeRuns(g.bytes(15, 2), 6, true);
        assertEquals("Network[Dense(6 → 10, IDENTITY), BatchNorm(10, RELU), Dense(10 → 2, SOFTMAX)]",
                model.network().toString());
    }

    @Test
    void clipIsHardTanhAndSignIsSign() throws Exception {
        Graphs g = new Graphs(6, 3);
        g.node("Gemm", List.of(g.constant(new long[] {3, 5}, g.random(15, 2))));
        g.node("Clip", List.of(g.constantNode(Tensor.of("", new long[0], new float[] {-1f})),
                g.constant(new long[0], new float[] {1f})));
        g.node("Gemm", List.of(g.constant(new long[] {5, 4}, g.random(20, 1)), g.constant(new long[] {4}, g.random(4, 1))));
        g.node("Sign");
        g.node("Gemm", List.of(g.constant(new long[] {4, 2}, g.random(8, 1))));
        Model model = assertImportsAsRuntimeRuns(g.bytes(16, 2), 3, false);
        assertEquals("Network[Dense(3 → 5, HARD_TANH), Dense(5 → 4, SIGN), Dense(4 → 2, IDENTITY)]",
                model.network().toString());
    }

    @Test
    void foreignScalingNodesBecomeTheScalers() throws Exception {
        Graphs g = new Graphs(7, 3);
        g.node("Sub", List.of(g.constant(new long[] {3}, new float[] {10f, 100f, 200f})));
        g.node("Div", List.of(g.constant(new long[] {1, 3}, new float[] {50f, 40f, 30f})));
        g.node("Gemm", List.of(g.constant(new long[] {3, 4}, g.random(12, 0.5))));
        g.node("Relu");
        g.node("Gemm", List.of(g.constant(new long[] {4, 1}, g.random(4, 0.5))));
        g.node("Mul", List.of(g.constant(new long[0], new float[] {1000f})));
        g.node("Add", List.of(g.constant(new long[] {1}, new float[] {5000f})));
        Model model = assertImportsAsRuntimeRuns(g.bytes(17, 1), 3, false);
        assertEquals(Scaler.Kind.Z_SCORE, model.inputScaler().kind());
        assertArrayEquals(new float[] {10f, 100f, 200f}, model.inputScaler().shift());
        assertArrayEquals(new float[] {5000f}, model.targetScaler().shift());
    }

    private static String refusal(byte[] onnx) {
        return assertThrows(IOException.class, () -> OnnxImport.read("m.onnx", onnx)).getMessage();
    }

    @Test
    void anUnsupportedOperatorIsNamedWithItsNodeAndWhatIsSupported() {
        Graphs g = new Graphs(8, 3);
        g.node("Gemm", List.of(g.constant(new long[] {3, 4}, g.random(12, 1))));
        g.node("LeakyRelu", Attribute.ofFloat("alpha", 0.1f));
        assertEquals("m.onnx: operator LeakyRelu (node '/LeakyRelu_2') is not supported; " + OnnxImport.SUPPORTED,
                refusal(g.bytes(17, 4)));
    }

    @Test
    void graphsThatAreNoMlpAreRefusedWithTheReason() {
        Graphs softmaxAxis = new Graphs(9, 3);
        softmaxAxis.node("Gemm", List.of(softmaxAxis.constant(new long[] {3, 4}, softmaxAxis.random(12, 1))));
        softmaxAxis.node("Softmax", Attribute.ofInt("axis", 0));
        assertEquals("m.onnx: operator Softmax (node '/Softmax_2') is not supported: its axis is 0; vectorprop's "
                + "softmax is over the last axis of [N, classes] (axis -1 or 1)", refusal(softmaxAxis.bytes(17, 4)));

        Graphs branch = new Graphs(10, 3);
        branch.node("Gemm", List.of(branch.constant(new long[] {3, 4}, branch.random(12, 1))));
        branch.raw("Relu", List.of("x"));
        assertTrue(refusal(branch.bytes(17, 4)).contains("the graph is not a chain"));

        Graphs old = new Graphs(11, 3);
        old.node("Gemm", List.of(old.constant(new long[] {3, 4}, old.random(12, 1))));
        assertEquals("m.onnx uses ONNX operator set 9; vectorprop imports operator sets 11 to 21: export it again "
                + "with another opset", refusal(old.bytes(9, 4)));

        Graphs noLayer = new Graphs(12, 3);
        noLayer.node("Relu");
        assertTrue(refusal(noLayer.bytes(17, 3)).contains("operator Relu (node '/Relu_1') is not supported: it comes "
                + "before any Gemm"));

        Graphs transA = new Graphs(13, 3);
        transA.node("Gemm", List.of(transA.constant(new long[] {3, 4}, transA.random(12, 1))), Attribute.ofInt("transA", 1));
        assertTrue(refusal(transA.bytes(17, 4)).contains("transA is 1"));

        Graphs clip = new Graphs(14, 3);
        clip.node("Gemm", List.of(clip.constant(new long[] {3, 4}, clip.random(12, 1))));
        clip.node("Clip", List.of(clip.constant(new long[0], new float[] {0f}), clip.constant(new long[0], new float[] {6f})));
        assertTrue(refusal(clip.bytes(17, 4)).contains("it clips to [0.0, 6.0]"));

        Graphs mismatch = new Graphs(15, 5);
        mismatch.node("Gemm", List.of(mismatch.constant(new long[] {3, 4}, mismatch.random(12, 1))));
        assertTrue(refusal(mismatch.bytes(17, 4)).contains("it takes rows of 3 values, the node before gives 5"));
    }

    @Test
    void aLogSoftmaxInsideTheGraphAndADropoutInTrainingModeAreRefused() {
        Graphs inner = new Graphs(16, 3);
        inner.node("Gemm", List.of(inner.constant(new long[] {3, 4}, inner.random(12, 1))));
        inner.node("LogSoftmax");
        inner.node("Gemm", List.of(inner.constant(new long[] {4, 2}, inner.random(8, 1))));
        assertTrue(refusal(inner.bytes(17, 2)).contains("must be the graph's last node"), refusal(inner.bytes(17, 2)));

        Graphs training = new Graphs(17, 3);
        training.node("Gemm", List.of(training.constant(new long[] {3, 4}, training.random(12, 1))));
        training.node("Dropout", List.of(training.constant(new long[0], new float[] {0.5f}),
                training.constant(new long[0], new float[] {1f})));
        assertTrue(refusal(training.bytes(17, 4)).contains("its training_mode is not a constant false"));

        Graphs zero = new Graphs(19, 2, 8);
        String shape = zero.constantNode(new Tensor("", Onnx.INT64, new long[] {2}, null, new long[] {0, -1}));
        zero.node("Reshape", List.of(shape), Attribute.ofInt("allowzero", 1));
        zero.node("Gemm", List.of(zero.constant(new long[] {16, 3}, zero.random(48, 0.3))));
        assertTrue(refusal(zero.bytes(14, 3)).contains("its allowzero is set"), refusal(zero.bytes(14, 3)));
    }

    @Test
    void aColumnScaledByZeroAndMovedByZeroStaysZero() throws IOException {
        Graphs g = new Graphs(18, 3);
        g.node("Mul", List.of(g.constant(new long[] {3}, new float[] {1f, 0f, 2f})));
        g.node("Add", List.of(g.constant(new long[] {3}, new float[] {0f, 0f, 1f})));
        g.node("Gemm", List.of(g.constant(new long[] {3, 4}, g.random(12, 1))));
        float[] out = OnnxImport.read("m.onnx", g.bytes(17, 4)).predictor().predict(new float[] {1f, 5f, 2f});
        for (float v : out) {
            assertTrue(Float.isFinite(v), java.util.Arrays.toString(out));
        }
    }

    @Test
    void malformedNamesTwoGraphsAndFloodsOfEmptyMessagesAreRefused() {
        assertTrue(refusal(new byte[] {0x3A, 4, 0x12, 2, (byte) 0xC3, 0x28}).contains("is not valid UTF-8"));
        assertTrue(refusal(new byte[] {0x3A, 0, 0x3A, 0}).contains("two graph fields"));
        // two bytes of input per empty node, hundreds of bytes each once read: refused before memory runs out
        int nodes = 3_000_000;
        byte[] flood = new byte[6 + 2 * nodes];
        int at = 0;
        flood[at++] = 0x3A;
        int length = 2 * nodes;
        while (length >= 0x80) {
            flood[at++] = (byte) (length & 0x7F | 0x80);
            length >>>= 7;
        }
        flood[at++] = (byte) length;
        for (int i = 0; i < nodes; i++) {
            flood[at++] = 0x0A;
            flood[at++] = 0;
        }
        assertTrue(refusal(java.util.Arrays.copyOf(flood, at)).contains("more nested messages or values than"),
                refusal(java.util.Arrays.copyOf(flood, at)));
    }

    @Test
    void aFileThatIsNotOnnxSaysWhereItBreaks() {
        assertEquals("m.onnx is not a valid ONNX file: field 7 claims 100 bytes, 1 are left at offset 2",
                refusal(new byte[] {0x3A, 100, 0}));
        assertEquals("m.onnx is not a valid ONNX file: no graph (ModelProto field 7) at offset 2",
                refusal(new byte[] {0x08, 7}));
    }
}
