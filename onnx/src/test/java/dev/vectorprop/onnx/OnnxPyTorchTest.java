package dev.vectorprop.onnx;

import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models PyTorch 1.13 exported (src/test/python/make_fixtures.py) predict as PyTorch did, within 1e-5. */
class OnnxPyTorchTest {
    @ParameterizedTest
    @ValueSource(strings = {"gemm_relu_softmax_opset11", "gemm_relu_softmax_opset12", "gemm_relu_softmax_opset13",
            "gemm_relu_softmax_opset14", "gemm_relu_softmax_opset15", "gemm_relu_softmax_opset16",
            "gemm_relu_softmax_opset17", "matmul_add_tanh_opset13", "flatten_batchnorm_logsoftmax_opset11",
            "flatten_batchnorm_logsoftmax_opset16", "batchnorm_first_regression_opset14"})
    void predictsAsPyTorchDid(String name) throws IOException {
        // through the facade, as a server loads it: the ONNX ModelFormat on the class path
        Model model = Model.load(Fixtures.DIRECTORY.resolve(name + ".onnx"));
        float[] x = Fixtures.values(name, "rows");
        float[] expected = Fixtures.values(name, "outputs");
        if (name.contains("logsoftmax")) { // imported as softmax: probabilities, not their logarithms
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (float) Math.exp(expected[i]);
            }
        }
        int rows = Fixtures.rows(name);
        float[] ours = new float[expected.length];
        model.predictor(Kernels.auto(), Precision.FP32).predict(x, rows, ours);
        Runtime.assertClose(expected, ours, name);
        // the bfloat16 predictor on the same model: weights rounded to 8 significant bits
        float[] bf16 = new float[expected.length];
        model.predictor(Kernels.auto(), Precision.BF16).predict(x, rows, bf16);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], bf16[i], 2e-2 * Math.max(1, Math.abs(expected[i])), name + " in bf16, output " + i);
        }
        // and the scalar reference kernels
        float[] scalar = new float[expected.length];
        model.predictor(Kernels.scalar(), Precision.FP32).predict(x, rows, scalar);
        Runtime.assertClose(expected, scalar, name + ", scalar kernels");
    }

    @Test
    void theFixturesHoldTheOperatorsTheyStandFor() throws IOException {
        assertEquals(List.of("Gemm", "Relu", "Gemm", "Sigmoid", "Gemm", "Softmax"), ops("gemm_relu_softmax_opset17"));
        assertEquals(1L, node("gemm_relu_softmax_opset11", 0).attributes().get("transB").i());
        assertTrue(ops("matmul_add_tanh_opset13").containsAll(List.of("MatMul", "Add", "Tanh", "Clip")),
                ops("matmul_add_tanh_opset13").toString());
        assertTrue(ops("flatten_batchnorm_logsoftmax_opset11").containsAll(List.of("Flatten", "Gemm",
                "BatchNormalization", "LogSoftmax")), ops("flatten_batchnorm_logsoftmax_opset11").toString());
    }

    @Test
    void aForeignSoftmaxModelHasNumberedClassesAndItsOriginInItsProvenance() throws IOException {
        Model model = OnnxImport.read(Fixtures.DIRECTORY.resolve("gemm_relu_softmax_opset17.onnx"));
        assertArrayEquals(new String[] {"0", "1", "2", "3"}, model.classNames());
        assertEquals("pytorch 1.13.0", model.provenance().configuration().get("onnx.producer"));
        assertEquals("17", model.provenance().configuration().get("onnx.opset"));
        assertEquals(null, OnnxImport.read(Fixtures.DIRECTORY.resolve("batchnorm_first_regression_opset14.onnx"))
                .classNames());
    }

    private static Onnx.Model parse(String name) throws IOException {
        byte[] bytes = Files.readAllBytes(Fixtures.DIRECTORY.resolve(name + ".onnx"));
        return Onnx.Model.read(new Protobuf.Reader(name, bytes));
    }

    private static List<String> ops(String name) throws IOException {
        return parse(name).graph().nodes().stream().map(Onnx.Node::opType).filter(op -> !op.equals("Constant")).toList();
    }

    private static Onnx.Node node(String name, int index) throws IOException {
        return parse(name).graph().nodes().get(index);
    }
}
