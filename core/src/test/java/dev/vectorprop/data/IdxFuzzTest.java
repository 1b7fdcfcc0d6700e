package dev.vectorprop.data;

import dev.vectorprop.testing.Fuzz;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Any byte string read as an IDX file gives images or labels, or a clear IOException. */
class IdxFuzzTest {
    private static final int ITERATIONS = 20_000;

    private static byte[] images() {
        byte[] file = new byte[16 + 3 * 4 * 5];
        file[2] = 8;
        file[3] = 3;
        file[7] = 3;
        file[11] = 4;
        file[15] = 5;
        for (int i = 16; i < file.length; i++) {
            file[i] = (byte) (i * 7);
        }
        return file;
    }

    private static byte[] labels() {
        return new byte[] {0, 0, 8, 1, 0, 0, 0, 3, 1, 9, 4};
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void imagesAndLabelsPlainAndCompressed() throws IOException {
        byte[][] seeds = {images(), labels(), gzip(images()), gzip(labels())};
        int rejected = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int r = Fuzz.run(seeds, ITERATIONS, 1, input -> IdxReader.readImages("images", new ByteArrayInputStream(input)));
            return r + Fuzz.run(seeds, ITERATIONS, 2, input -> IdxReader.readLabels("labels", new ByteArrayInputStream(input)));
        });
        System.out.printf("IDX fuzzing: %d inputs, %d rejected with a clear IOException%n", 2 * ITERATIONS, rejected);
        assertTrue(rejected > 0 && rejected < 2 * ITERATIONS, "the mutations should both pass and fail");
    }
}
