package dev.vectorprop.io;

import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model.load reads other formats through the ModelFormat service, and vectorprop files as before. */
class ModelFormatTest {
    @TempDir
    Path dir;

    /** A format of this test's own (registered in META-INF/services): "MLP n" is an n-input, one-output network. */
    public static final class Upper implements ModelFormat {
        @Override
        public String name() {
            return "test";
        }

        @Override
        public boolean recognizes(Path file, byte[] head) {
            return new String(head, StandardCharsets.US_ASCII).startsWith("MLP ");
        }

        @Override
        public Model read(String source, byte[] bytes) {
            int inputs = Integer.parseInt(new String(bytes, StandardCharsets.US_ASCII).substring(4).trim());
            return Model.of(Network.builder(inputs).dense(1, Activation.IDENTITY).build());
        }
    }

    @Test
    void aFormatOnTheClassPathReadsTheFilesItRecognizes() throws IOException {
        Path file = Files.writeString(dir.resolve("m.txt"), "MLP 7");
        assertEquals(7, Model.load(file).network().inputs());
    }

    @Test
    void vectorpropFilesAreReadAsBefore() throws IOException {
        Path file = dir.resolve("m.vpm");
        Model.of(Network.builder(3).dense(2, Activation.RELU).build()).save(file);
        assertEquals(3, Model.load(file).network().inputs());
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> Model.load(dir.resolve("x.vpm")));
        assertTrue(missing.getMessage().endsWith("x.vpm: no such file"), missing.getMessage());
    }

    @Test
    void anOnnxFileWithoutTheOnnxModuleSaysWhichModuleToAdd() throws IOException {
        Path file = Files.write(dir.resolve("m.onnx"), new byte[] {8, 8, 18, 4});
        IOException e = assertThrows(IOException.class, () -> Model.load(file));
        assertEquals(file + " is an ONNX model: reading it needs the vectorprop-onnx module (dev.vectorprop.onnx) "
                + "on the class or module path", e.getMessage());
    }
}
