package dev.vectorprop.onnx;

import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protobuf codec: what it writes it reads back, it skips what it does not know, it refuses what is malformed. */
class ProtobufTest {
    @Test
    void varintsOfEverySizeRoundTrip() throws IOException {
        long[] values = {0, 1, 127, 128, 300, 16_383, 16_384, Integer.MAX_VALUE, 1L << 35, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        Protobuf.Writer out = new Protobuf.Writer();
        for (long v : values) {
            out.varint(3, v);
        }
        Protobuf.Reader in = new Protobuf.Reader("t", out.toByteArray());
        for (long v : values) {
            assertTrue(in.next());
            assertEquals(3, in.field());
            assertEquals(v, in.int64());
        }
        assertFalse(in.next());
    }

    @Test
    void floatsPackedAndUnpackedAndUnknownFieldsOfEveryWireType() throws IOException {
        byte[] bytes = new Protobuf.Writer().packedFloats(4, new float[] {1.5f, -0f, Float.MIN_VALUE})
                .fixed32Float(4, 7f) // an unpacked element of the same field
                .varint(99, 5).fixed32Float(98, 1f).string(97, "skipped")
                .toByteArray();
        // a 64-bit field (wire type 1), which the writer has no call for
        byte[] withFixed64 = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, withFixed64, 0, bytes.length);
        withFixed64[bytes.length] = (byte) ((96 << 3 | 1) & 0x7F | 0x80); // field 96's key takes two bytes
        withFixed64[bytes.length + 1] = (byte) ((96 << 3 | 1) >>> 7);
        Protobuf.Reader in = new Protobuf.Reader("t", withFixed64);
        Protobuf.FloatList floats = new Protobuf.FloatList();
        while (in.next()) {
            if (in.field() == 4) {
                in.reals(floats, false);
            } else {
                in.skip();
            }
        }
        assertArrayEquals(new float[] {1.5f, -0f, Float.MIN_VALUE, 7f}, floats.toArray());
    }

    @Test
    void malformedInputIsRefusedWithItsOffset() {
        assertEquals("t is not a valid ONNX file: a varint longer than 10 bytes at offset 10", refusal(new byte[] {
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, 1}));
        assertEquals("t is not a valid ONNX file: wire type 3 in field 1 at offset 1", refusal(new byte[] {0x0B}));
        assertEquals("t is not a valid ONNX file: field 2 claims 5 bytes, 1 are left at offset 2",
                refusal(new byte[] {0x12, 5, 0}));
        assertEquals("t is not a valid ONNX file: field number 0 at offset 1", refusal(new byte[] {0x02}));
        assertEquals("t is not a valid ONNX file: field 1 runs past the end of its message at offset 1 (a truncated "
                + "or damaged file)", refusal(new byte[] {0x0D, 1}));
    }

    private static String refusal(byte[] bytes) {
        return assertThrows(IOException.class, () -> {
            Protobuf.Reader in = new Protobuf.Reader("t", bytes);
            while (in.next()) {
                in.skip();
            }
        }).getMessage();
    }

    @Test
    void anExportReadsBackFieldForField() throws IOException {
        Model model = Model.of(Network.builder(3).dense(2, Activation.HARD_TANH).build());
        Onnx.Model onnx = Onnx.Model.read(new Protobuf.Reader("t", OnnxExport.toBytes(model, 14)));
        assertEquals(OnnxExport.IR_VERSION, onnx.irVersion());
        assertEquals("vectorprop", onnx.producerName());
        assertEquals(List.of("Gemm", "Clip"), onnx.graph().nodes().stream().map(Onnx.Node::opType).toList());
        Onnx.Tensor weights = onnx.graph().initializers().getFirst();
        assertArrayEquals(new long[] {3, 2}, weights.dims());
        assertArrayEquals(java.util.Arrays.copyOf(model.network().parameters(), 6), weights.floats());
        assertEquals("unknown", onnx.metadata().get(Metadata.VERSION));
        assertEquals("none", onnx.metadata().get(Metadata.INPUT_SCALING));
        assertEquals(List.of(new Onnx.Dim(-1, "N"), new Onnx.Dim(3, null)), onnx.graph().inputs().getFirst().dims());
    }

    @Test
    void namesInMetadataSurviveQuotesBackslashesAndControlCharacters() throws IOException {
        String[] names = {"a \"b\"", "c\\d", "e\nf\tg", "\u0001", "é€", ""};
        String json = Metadata.json(names);
        assertArrayEquals(names, Metadata.names(java.util.Map.of("k", json), "k"));
        assertArrayEquals(new String[0], Metadata.names(java.util.Map.of("k", " [ ] "), "k"));
        IOException e = assertThrows(IOException.class, () -> Metadata.names(java.util.Map.of("k", "[\"a\",]"), "k"));
        assertEquals("its metadata entry k is not a JSON array of strings: [\"a\",]", e.getMessage());
    }

    @Test
    void theOnnxFormatRecognizesFilesByNameOrFirstBytesButNotVectorpropFiles(@TempDir Path dir) throws IOException {
        Model model = Model.of(Network.builder(3).dense(2, Activation.RELU).build());
        Path unnamed = Files.write(dir.resolve("model.bin"), OnnxExport.toBytes(model));
        assertEquals(3, Model.load(unnamed).network().inputs());
        Path misnamed = dir.resolve("really-vpm.onnx");
        model.save(misnamed);
        assertEquals(3, Model.load(misnamed).network().inputs());
        assertTrue(new OnnxFormat().recognizes(Path.of("x.ONNX"), new byte[0]));
    }
}
