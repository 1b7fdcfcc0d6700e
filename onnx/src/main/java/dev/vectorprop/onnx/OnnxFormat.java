package dev.vectorprop.onnx;

import dev.vectorprop.io.ModelFormat;
import dev.vectorprop.nn.Model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * ONNX as a {@link ModelFormat}: {@code Model.load} reads a file named {@code *.onnx}, or one that starts as
 * an ONNX model does (its field 1, the IR version, as a small varint), with {@link OnnxImport}; a vectorprop
 * model file named {@code .onnx} is still read as one.
 */
public final class OnnxFormat implements ModelFormat {
    @Override
    public String name() {
        return "ONNX";
    }

    @Override
    public boolean recognizes(Path file, byte[] head) {
        if (head.length >= 4 && head[0] == 'V' && head[1] == 'P' && head[2] == 'R' && head[3] == 'M') {
            return false; // a vectorprop model file, whatever its name
        }
        Path name = file.getFileName();
        if (name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            return true;
        }
        // ModelProto's first field is ir_version (field 1, varint): key 0x08, then a version from 3 to 15
        return head.length >= 2 && head[0] == 0x08 && head[1] >= 3 && head[1] <= 15;
    }

    @Override
    public Model read(String source, byte[] bytes) throws IOException {
        return OnnxImport.read(source, bytes);
    }
}
