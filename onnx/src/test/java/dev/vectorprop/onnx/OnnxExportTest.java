package dev.vectorprop.onnx;

import dev.vectorprop.data.Scaler;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.BatchNorm;
import dev.vectorprop.nn.Dense;
import dev.vectorprop.nn.Layer;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exported models run in ONNX Runtime give vectorprop's predictor's outputs, within 1e-5. */
class OnnxExportTest {
    /**
     * A network with its initial weights (He or Glorot, whose sums keep a realistic scale) and random biases,
     * batch-norm scales, shifts and statistics (not their initial 0s and 1s).
     */
    static Network randomized(Network network, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] p = network.parameters();
        for (Layer layer : network.layers()) {
            switch (layer) {
                case Dense d -> {
                    for (int j = 0; j < d.outputs(); j++) {
                        p[d.biasOffset() + j] = (float) random.nextDouble(-0.5, 0.5);
                    }
                }
                case BatchNorm b -> {
                    for (int j = 0; j < b.outputs(); j++) {
                        p[b.parameterOffset() + j] = (float) random.nextDouble(0.5, 1.5);
                        p[b.parameterOffset() + b.outputs() + j] = (float) random.nextDouble(-0.5, 0.5);
                        b.runningMean()[j] = (float) random.nextDouble(-2, 2);
                        b.runningVariance()[j] = (float) random.nextDouble(0.1, 3);
                    }
                }
                default -> {
                }
            }
        }
        return network;
    }

    /** Raw rows around the given scaler's data: values near shift, spread about 1/factor. */
    static float[] rows(int rows, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (100 * (i % width) + random.nextDouble(-50, 50));
        }
        return x;
    }

    static Scaler scaler(Scaler.Kind kind, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] shift = new float[width];
        float[] factor = new float[width];
        for (int j = 0; j < width; j++) {
            shift[j] = (float) (100 * j + random.nextDouble(-5, 5));
            factor[j] = (float) random.nextDouble(0.01, 0.05);
        }
        return new Scaler(kind, shift, factor);
    }

    static String[] classes(int count) {
        String[] names = new String[count];
        Arrays.setAll(names, i -> "class \"" + i + "\"");
        return names;
    }

    /** Our predictor's outputs and ONNX Runtime's on the exported model, for 1 row and for 9. */
    static void assertSameOutputs(Model model, int opset, String what) throws Exception {
        byte[] onnx = OnnxExport.toBytes(model, opset);
        for (int rows : new int[] {1, 9}) {
            float[] x = rows(rows, model.network().inputs(), rows);
            float[] ours = new float[rows * model.network().outputs()];
            model.predictor(Kernels.auto(), Precision.FP32).predict(x, rows, ours);
            Runtime.assertClose(ours, Runtime.run(onnx, x, rows), what + ", " + rows + " rows, opset " + opset);
        }
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void everyHiddenActivationUnderASoftmaxClassifier(Activation hidden) throws Exception {
        if (hidden == Activation.SOFTMAX) {
            return; // a hidden softmax is covered below, as an output
        }
        Network net = randomized(Network.builder(6).dense(12, hidden).dense(9, hidden).dense(4, Activation.SOFTMAX)
                .build(), 1);
        Model model = new Model(net, scaler(Scaler.Kind.Z_SCORE, 6, 2), Scaler.none(4), classes(4), null, null, null);
        assertSameOutputs(model, 17, hidden.toString());
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void everyOutputActivationOfARegression(Activation output) throws Exception {
        Network net = randomized(Network.builder(5).dense(10, Activation.TANH).dense(3, output).build(), 3);
        Model model = new Model(net, scaler(Scaler.Kind.MIN_MAX, 5, 4), scaler(Scaler.Kind.Z_SCORE, 3, 5), null,
                null, new String[] {"a", "b", "c"}, null);
        assertSameOutputs(model, 17, output.toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 14, 15, 16, 17})
    void batchNormAndDropoutInEveryOperatorSet(int opset) throws Exception {
        Network net = randomized(Network.builder(7).dense(16, Activation.IDENTITY).batchNorm(Activation.RELU)
                .dropout(0.3f).dense(8, Activation.IDENTITY).batchNorm(Activation.HARD_TANH)
                .dense(3, Activation.SOFTMAX).build(), 6);
        Model model = new Model(net, scaler(Scaler.Kind.Z_SCORE, 7, 7), Scaler.none(3), classes(3), null, null, null);
        assertSameOutputs(model, opset, "batch norm");
    }

    @Test
    void severalDepthsAndWidths() throws Exception {
        int[][] shapes = {{3, 1}, {1, 4, 2}, {20, 64, 10}, {13, 64, 64, 1}, {8, 33, 17, 65, 5, 3}, {784, 128, 10}};
        for (int[] shape : shapes) {
            Network.Builder builder = Network.builder(shape[0]);
            for (int i = 1; i < shape.length - 1; i++) {
                builder.dense(shape[i], i % 2 == 0 ? Activation.TANH : Activation.RELU);
            }
            builder.dense(shape[shape.length - 1], Activation.IDENTITY);
            Network net = randomized(builder.build(), shape.length);
            int outputs = shape[shape.length - 1];
            Model model = new Model(net, scaler(Scaler.Kind.Z_SCORE, shape[0], 8), scaler(Scaler.Kind.MIN_MAX, outputs, 9),
                    null, null, null, null);
            assertSameOutputs(model, 17, Arrays.toString(shape));
        }
    }

    @Test
    void aBinaryClassifierWithOneSigmoidOutputAndRawPixels() throws Exception {
        Network net = randomized(Network.builder(4).dense(5, Activation.RELU).dense(1, Activation.SIGMOID).build(), 10);
        float[] factor = new float[4];
        Arrays.fill(factor, 1f / 255);
        Model model = new Model(net, new Scaler(Scaler.Kind.MIN_MAX, new float[4], factor), Scaler.none(1),
                new String[] {"no", "yes"}, null, null, null);
        assertSameOutputs(model, 13, "binary");
    }

    @Test
    void aConstantTargetColumnAnswersItsConstant() throws Exception {
        Network net = randomized(Network.builder(2).dense(2, Activation.IDENTITY).build(), 11);
        Scaler target = new Scaler(Scaler.Kind.MIN_MAX, new float[] {5f, 42f}, new float[] {0.5f, 0f});
        Model model = new Model(net, Scaler.none(2), target, null, null, null, null);
        assertSameOutputs(model, 17, "constant target");
        float[] out = Runtime.run(OnnxExport.toBytes(model), new float[] {1, 2}, 1);
        assertEquals(42f, out[1]);
    }

    @Test
    void withoutScalersTheGraphIsTheLayersAlone() throws Exception {
        Model model = Model.of(randomized(Network.builder(3).dense(2, Activation.SOFTMAX).build(), 12));
        Onnx.Model onnx = Onnx.Model.read(new Protobuf.Reader("test", OnnxExport.toBytes(model)));
        assertEquals(2, onnx.graph().nodes().size(), onnx.graph().nodes().toString());
        assertEquals("Gemm", onnx.graph().nodes().get(0).opType());
        assertEquals("Softmax", onnx.graph().nodes().get(1).opType());
        assertEquals(OnnxExport.OUTPUT, onnx.graph().nodes().get(1).outputs().getFirst());
        assertEquals("N", onnx.graph().inputs().getFirst().dims().getFirst().param());
        assertEquals(17L, onnx.opsets().get(""));
        assertSameOutputs(model, 17, "bare network");
    }

    @Test
    void operatorSetsOutsideThirteenToSeventeenAreRefused() {
        Model model = Model.of(Network.builder(3).dense(2, Activation.RELU).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.toBytes(model, 12));
        assertEquals("ONNX export writes operator sets 13 to 17, not 12", e.getMessage());
        assertTrue(OnnxExport.toBytes(model, 13).length > 0);
    }
}
