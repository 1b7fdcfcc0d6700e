package dev.vectorprop.onnx;

import dev.vectorprop.testing.Fuzz;
import dev.vectorprop.data.Scaler;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any bytes given to the ONNX reader give a model or a clear exception, never another runtime exception or an
 * out-of-memory error from a size field: the readers' fuzzer over our own exports and PyTorch's fixtures.
 */
class OnnxFuzzTest {
    @Test
    void fuzzedFilesGiveAModelOrAClearError() throws IOException {
        Network net = OnnxExportTest.randomized(Network.builder(4).dense(6, Activation.IDENTITY)
                .batchNorm(Activation.TANH).dense(3, Activation.SOFTMAX).build(), 31);
        Model model = new Model(net, OnnxExportTest.scaler(Scaler.Kind.Z_SCORE, 4, 32), Scaler.none(3),
                new String[] {"a", "b", "c"}, null, null, null);
        Network regression = Network.builder(3).dense(4, Activation.HARD_TANH).dense(1, Activation.IDENTITY).build();
        Model other = new Model(regression, Scaler.none(3), OnnxExportTest.scaler(Scaler.Kind.MIN_MAX, 1, 33), null,
                null, null, null);
        byte[][] seeds = {OnnxExport.toBytes(model), OnnxExport.toBytes(other, 13), fixture("gemm_relu_softmax_opset17.onnx"),
                fixture("matmul_add_tanh_opset13.onnx"), fixture("flatten_batchnorm_logsoftmax_opset11.onnx")};
        int rejected = Fuzz.run(seeds, 30_000, 7, input -> OnnxImport.read("fuzz", input));
        System.out.printf("ONNX fuzzing: 30000 inputs, %d rejected with a clear IOException%n", rejected);
        assertTrue(rejected > 0);
    }

    /** A PyTorch fixture, or an empty array when the fixtures are not there yet. */
    private static byte[] fixture(String name) throws IOException {
        Path file = Fixtures.DIRECTORY.resolve(name);
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }

    @Test
    void aSizeFieldBeyondTheBytesIsRefusedBeforeAnythingIsAllocated() {
        // graph (field 7) claiming 2^31 − 1 bytes
        byte[] huge = {0x3A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0};
        assertEquals("fuzz is not a valid ONNX file: field 7 claims 2147483647 bytes, 1 are left at offset 6",
                assertThrows(IOException.class, () -> OnnxImport.read("fuzz", huge)).getMessage());
        // a tensor whose dimensions promise 2^60 floats and hold one
        Protobuf.Writer tensor = new Protobuf.Writer().varint(1, 1L << 30).varint(1, 1L << 30).varint(2, Onnx.FLOAT)
                .packedFloats(4, new float[] {1f});
        IOException e = assertThrows(IOException.class, () -> Onnx.Tensor.read(new Protobuf.Reader("fuzz",
                tensor.toByteArray())));
        assertTrue(e.getMessage().contains("holds 1 values"), e.getMessage());
    }
}
