package dev.vectorprop.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The ONNX files PyTorch wrote (src/test/python/make_fixtures.py), with its input rows and outputs. */
final class Fixtures {
    static final Path DIRECTORY = Path.of("src/test/resources/pytorch");

    private Fixtures() {
    }

    /** A fixture's rows or outputs, one line per row, flattened. */
    static float[] values(String name, String kind) throws IOException {
        List<String> lines = Files.readAllLines(DIRECTORY.resolve(name + "." + kind + ".txt"));
        return floats(lines);
    }

    static int rows(String name) throws IOException {
        return Files.readAllLines(DIRECTORY.resolve(name + ".rows.txt")).size();
    }

    private static float[] floats(List<String> lines) {
        String[] tokens = String.join(" ", lines).trim().split("\\s+");
        float[] values = new float[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            values[i] = Float.parseFloat(tokens[i]);
        }
        return values;
    }
}
