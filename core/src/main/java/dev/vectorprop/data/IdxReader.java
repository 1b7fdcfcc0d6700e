package dev.vectorprop.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (unsigned bytes, plain or gzip-compressed):
 * a magic number {@code 0x00000801} (labels) or {@code 0x00000803} (images), big-endian dimension
 * sizes, then the data. Sizes are checked before anything is allocated; a short file is an error that
 * names how many bytes were expected.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;
    /** The most a Java array holds; a larger size field means a corrupt header. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /** Images as rows of pixels scaled to [0, 1] (divided by 255). */
    public static float[] readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, 3);
            long count;
            try {
                count = Math.multiplyExact(Math.multiplyExact((long) dims[0], dims[1]), dims[2]);
            } catch (ArithmeticException e) {
                count = Long.MAX_VALUE;
            }
            checkSize(file, count);
            byte[] raw = readFully(in, file, (int) count);
            float[] pixels = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                pixels[i] = (raw[i] & 0xFF) / 255f;
            }
            return pixels;
        }
    }

    /** The width of one image (rows × columns) in an images file. */
    public static int imageSize(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, 3);
            return dims[1] * dims[2];
        }
    }

    public static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, 1);
            checkSize(file, dims[0]);
            byte[] raw = readFully(in, file, dims[0]);
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                labels[i] = raw[i] & 0xFF;
            }
            return labels;
        }
    }

    /** A classification data set from an images file and a labels file of the same length. */
    public static Dataset read(Path images, Path labels, int classes) throws IOException {
        float[] x = readImages(images);
        int[] y = readLabels(labels);
        int width = imageSize(images);
        if ((long) y.length * width != x.length) {
            throw new IOException(images + " holds " + x.length / width + " images but " + labels + " holds "
                    + y.length + " labels");
        }
        return Dataset.classification(x, width, y, classes);
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(in);
    }

    private static int[] header(DataInputStream in, Path file, int expectedDims) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IOException(file + " is too short to be an IDX file (no 4-byte header)");
        }
        int type = (magic >>> 8) & 0xFF;
        int dims = magic & 0xFF;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || dims != expectedDims) {
            throw new IOException(String.format("%s: header 0x%08X is not an IDX file of unsigned bytes with %d "
                    + "dimensions (expected 0x%08X)", file, magic, expectedDims, (UNSIGNED_BYTE << 8) | expectedDims));
        }
        int[] sizes = new int[dims];
        for (int i = 0; i < dims; i++) {
            try {
                sizes[i] = in.readInt();
            } catch (EOFException e) {
                throw new IOException(file + " ends inside its header, at dimension " + i);
            }
            if (sizes[i] <= 0) {
                throw new IOException(file + ": dimension " + i + " has size " + sizes[i]);
            }
        }
        return sizes;
    }

    private static void checkSize(Path file, long count) throws IOException {
        if (count > MAX_ELEMENTS) {
            throw new IOException(file + " claims " + count + " values, more than any IDX file vectorprop reads");
        }
    }

    /** Reads in chunks, so that a header promising more than the file holds allocates only what is there. */
    private static byte[] readFully(DataInputStream in, Path file, int count) throws IOException {
        byte[] data = in.readNBytes(count);
        if (data.length != count) {
            throw new IOException(file + " is truncated: its header promises " + count + " data bytes, it holds "
                    + data.length);
        }
        return data;
    }
}
