package dev.vectorprop.io;

import dev.vectorprop.nn.Model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Another file format a {@link Model} can be read from, provided by a module that core does not depend on
 * (the {@code onnx} module provides ONNX). {@link Model#load} asks each format found by {@link ServiceLoader}
 * whether a file is its own before reading it as a vectorprop model file, so a server reads an {@code .onnx}
 * file as it reads a {@code .vpm} one when that module is on the class or module path.
 */
public interface ModelFormat {
    /** Bytes {@link #recognizes} is shown from the start of a file (fewer when the file is shorter). */
    int HEAD = 16;

    /** The format's name for messages, e.g. {@code ONNX}. */
    String name();

    /**
     * Whether a file is in this format, by its name or by its first bytes.
     *
     * @param head the file's first {@link #HEAD} bytes, or fewer
     */
    boolean recognizes(Path file, byte[] head);

    /** Reads a model; {@code source} names the file in messages. */
    Model read(String source, byte[] bytes) throws IOException;

    /**
     * Reads a model file: in a format provided on the class or module path that recognizes it, else as a
     * vectorprop model file. An {@code .onnx} file without the onnx module says which module to add.
     */
    static Model load(Path file) throws IOException {
        byte[] head = head(file);
        if (head != null) {
            for (ModelFormat format : ServiceLoader.load(ModelFormat.class, ModelFormat.class.getClassLoader())) {
                if (format.recognizes(file, head)) {
                    return format.read(file.toString(), InputFiles.readAllBytes(file, "a model file"));
                }
            }
            boolean ours = head.length >= 4 && ByteBuffer.wrap(head).getInt() == ModelFile.MAGIC;
            if (!ours && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
                throw new IOException(file + " is an ONNX model: reading it needs the vectorprop-onnx module "
                        + "(dev.vectorprop.onnx) on the class or module path");
            }
        }
        return ModelFile.load(file);
    }

    /** The file's first bytes, or null when it cannot be opened (the model file reader then says why). */
    private static byte[] head(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HEAD);
        } catch (IOException e) {
            return null;
        }
    }
}
