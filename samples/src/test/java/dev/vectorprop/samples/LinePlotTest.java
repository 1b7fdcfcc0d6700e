package dev.vectorprop.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LinePlotTest {
    @Test
    void writesAReadablePng(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("curve.png");
        new LinePlot("Seconds per epoch against batch size", "batch size", "s / epoch").logX()
                .add("1 thread", new double[] {16, 32, 64, 128, 256}, new double[] {9, 5, 3.1, 2.5, 2.6})
                .add("2 threads", new double[] {16, 32, 64, 128, 256}, new double[] {7, 3.5, 1.9, 1.4, 1.5})
                .write(file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(560, image.getHeight());
    }

    @Test
    void rejectsMismatchedSeries() {
        assertThrows(IllegalArgumentException.class,
                () -> new LinePlot("t", "x", "y").add("s", new double[] {1, 2}, new double[] {1}));
    }
}
