package dev.vectorprop.io;

import dev.vectorprop.testing.Fuzz;
import dev.vectorprop.data.Scaler;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Provenance;
import dev.vectorprop.nn.Predictor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {
    private static Model model() {
        Network net = Network.builder(5).dense(7, Activation.RELU).dropout(0.3f).dense(6, Activation.IDENTITY)
                .batchNorm(Activation.TANH).dense(3, Activation.SOFTMAX).seed(9).build();
        for (var layer : net.layers()) {
            if (layer instanceof dev.vectorprop.nn.BatchNorm b) {
                Arrays.fill(b.runningMean(), 0.25f);
                Arrays.fill(b.runningVariance(), 2f);
            }
        }
        Scaler inputs = Scaler.fit(Scaler.Kind.Z_SCORE, new float[] {1, 2, 3, 4, 5, 2, 3, 5, 7, 11}, 5);
        return new Model(net, inputs, Scaler.none(3), new String[] {"ünö", "b", "c"},
                new String[] {"f1", "f2", "f3", "f4", "f5"}, new String[] {"kind"}, null);
    }

    @Test
    void roundTripPredictsTheSameBits(@TempDir Path dir) throws IOException {
        Model model = model();
        Path file = dir.resolve("m.vpm");
        ModelFile.save(model, file);
        Model loaded = ModelFile.load(file);
        assertArrayEquals(model.network().parameters(), loaded.network().parameters());
        assertArrayEquals(model.classNames(), loaded.classNames());
        assertArrayEquals(model.featureNames(), loaded.featureNames());
        assertArrayEquals(model.inputScaler().factor(), loaded.inputScaler().factor());
        float[] row = {0.1f, -2f, 3f, 0.5f, 1f};
        assertArrayEquals(Predictor.of(model.network(), Kernels.scalar()).predict(row),
                Predictor.of(loaded.network(), Kernels.scalar()).predict(row));
    }

    /**
     * A file of format version 1 (before provenance, enums stored by their declaration order), written by
     * the vectorprop of commit 196dc3d from the network, statistics, scalers and names below.
     */
    @Test
    void readsAFileOfFormatVersion1() throws IOException {
        byte[] bytes;
        try (var in = ModelFileTest.class.getResourceAsStream("model-v1.vpm")) {
            bytes = in.readAllBytes();
        }
        Model model = ModelFile.read("model-v1.vpm", bytes);
        Network expected = Network.builder(3).dense(4, Activation.RELU).dropout(0.25f).dense(4, Activation.IDENTITY)
                .batchNorm(Activation.TANH).dense(2, Activation.SOFTMAX).seed(5).build();
        assertEquals(expected.toString(), model.network().toString());
        assertArrayEquals(expected.parameters(), model.network().parameters());
        var norm = (dev.vectorprop.nn.BatchNorm) model.network().layers().get(3);
        assertArrayEquals(new float[] {0f, 0.1f, 0.2f, 0.3f}, norm.runningMean());
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, norm.runningVariance());
        assertEquals(Scaler.Kind.Z_SCORE, model.inputScaler().kind());
        assertArrayEquals(new float[] {1f, 2f, 3f}, model.inputScaler().shift());
        assertArrayEquals(new float[] {0.5f, 0.25f, 2f}, model.inputScaler().factor());
        assertTrue(model.targetScaler().isIdentity());
        assertArrayEquals(new String[] {"no", "yes"}, model.classNames());
        assertArrayEquals(new String[] {"a", "b", "c=x"}, model.featureNames());
        assertArrayEquals(new String[] {"label"}, model.targetNames());
        assertEquals(Provenance.unknown(), model.provenance());
    }

    /** A saved model gets the permissions any new file gets here (the umask's), not a temporary file's 0600. */
    @Test
    void aSavedFileHasTheUsualPermissions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.vpm");
        ModelFile.save(model(), file);
        Path usual = Files.createFile(dir.resolve("usual"));
        assertEquals(Files.getPosixFilePermissions(usual), Files.getPosixFilePermissions(file));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file is left behind");
        }
    }

    /** Layer widths whose parameter count overflows an int, or whose statistics would not fit, are refused unread. */
    @Test
    void hugeLayersAreRefusedBeforeAnythingIsAllocated() {
        for (byte kind : new byte[] {0, 2}) {
            int width = kind == 0 ? Integer.MAX_VALUE : 400_000_000;
            ByteBuffer payload = ByteBuffer.allocate(64).putInt(width).putInt(1).put(kind).putInt(width).put((byte) 0);
            byte[] file = ModelFile.envelope(ModelFile.MAGIC, ModelFile.VERSION, Arrays.copyOf(payload.array(), 64));
            var e = assertThrows(IOException.class, () -> ModelFile.read("huge.vpm", file));
            assertTrue(e.getMessage().contains("its layers need"), e.getMessage());
        }
    }

    @Test
    void refusesCorruptTruncatedAndNewerFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.vpm");
        ModelFile.save(model(), file);
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        assertMessage(flipped, "checksum");
        for (int length : new int[] {0, 3, 10, 19, 20, good.length / 2, good.length - 1}) {
            assertMessage(Arrays.copyOf(good, length), "truncated");
        }
        byte[] newer = good.clone();
        ByteBuffer.wrap(newer).putInt(4, ModelFile.VERSION + 1);
        assertMessage(newer, "newer vectorprop");
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertMessage(magic, "not a vectorprop model file");
    }

    private static void assertMessage(byte[] bytes, String part) {
        var e = assertThrows(IOException.class, () -> ModelFile.read("m.vpm", bytes));
        assertTrue(e.getMessage().contains(part), e.getMessage() + " should mention " + part);
    }

    @Test
    void aFailedWriteLeavesTheOldFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.vpm");
        ModelFile.save(model(), file);
        byte[] before = Files.readAllBytes(file);
        Path readOnly = dir.resolve("locked");
        Files.createDirectory(readOnly);
        Path target = readOnly.resolve("m.vpm");
        Files.write(target, before);
        readOnly.toFile().setWritable(false);
        try {
            if (!Files.isWritable(readOnly)) { // root may write anyway
                assertThrows(IOException.class, () -> ModelFile.save(model(), target));
                assertArrayEquals(before, Files.readAllBytes(target));
            }
        } finally {
            readOnly.toFile().setWritable(true);
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void fuzzedFilesGiveAModelOrAClearError() throws IOException {
        byte[] good = java.nio.file.Files.readAllBytes(save());
        // with the checksum recomputed, so that mutations reach the parser, not only the checksum check
        int rejected = Fuzz.run(new byte[][] {good}, 20_000, 4, input -> ModelFile.read("fuzz", withChecksum(input)));
        int plain = Fuzz.run(new byte[][] {good}, 5_000, 5, input -> ModelFile.read("fuzz", input));
        System.out.printf("model file fuzzing: 25000 inputs, %d rejected with a clear IOException%n", rejected + plain);
    }

    private static Path save() throws IOException {
        Path file = Files.createTempFile("vectorprop", ".vpm");
        file.toFile().deleteOnExit();
        ModelFile.save(model(), file);
        return file;
    }

    /** Rewrites the length field and checksum so a mutated payload passes the envelope checks. */
    private static byte[] withChecksum(byte[] input) {
        if (input.length < 20) {
            return input;
        }
        ByteBuffer b = ByteBuffer.wrap(input);
        b.putLong(8, input.length - 20);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(input, 0, input.length - 4);
        b.putInt(input.length - 4, (int) crc.getValue());
        return input;
    }
}
