package dev.vectorprop.data;

import dev.vectorprop.io.InputFiles;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (unsigned bytes, plain or gzip-compressed):
 * a magic number {@code 0x00000801} (labels) or {@code 0x00000803} (images), big-endian dimension
 * sizes, then the data. A short file is an error that names how many bytes were expected, and data is
 * read in chunks, so a corrupt size field cannot make the reader allocate more than the file holds.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;
    /** The most a Java array holds; a larger size field means a corrupt header. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /** Images as rows of {@code rows × columns} pixels scaled to [0, 1] (divided by 255). */
    public record Images(int count, int width, float[] pixels) {
    }

    public static Images readImages(Path file) throws IOException {
        try (InputStream in = InputFiles.open(file, "an IDX file")) {
            return readImages(file.toString(), in);
        }
    }

    public static int[] readLabels(Path file) throws IOException {
        try (InputStream in = InputFiles.open(file, "an IDX file")) {
            return readLabels(file.toString(), in);
        }
    }

    /** A classification data set from an images file and a labels file of the same length. */
    public static Dataset read(Path images, Path labels, int classes) throws IOException {
        return dataset(images.toString(), readImages(images), labels.toString(), readLabels(labels), classes);
    }

    /**
     * The same from streams (e.g. class-path resources); gzip is recognised by its magic bytes.
     * The names are only for messages.
     */
    public static Dataset read(String imagesName, InputStream images, String labelsName, InputStream labels,
                               int classes) throws IOException {
        return dataset(imagesName, readImages(imagesName, images), labelsName, readLabels(labelsName, labels), classes);
    }

    private static Dataset dataset(String imagesName, Images images, String labelsName, int[] labels, int classes)
            throws IOException {
        if (labels.length != images.count()) {
            throw new IOException(imagesName + " holds " + images.count() + " images but " + labelsName + " holds "
                    + labels.length + " labels");
        }
        return Dataset.classification(images.pixels(), images.width(), labels, classes);
    }

    static Images readImages(String name, InputStream raw) throws IOException {
        DataInputStream in = open(name, raw);
        int[] dims = header(in, name, 3);
        long count;
        try {
            count = Math.multiplyExact(Math.multiplyExact((long) dims[0], dims[1]), dims[2]);
        } catch (ArithmeticException e) {
            count = Long.MAX_VALUE;
        }
        byte[] bytes = readFully(in, name, count);
        float[] pixels = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            pixels[i] = (bytes[i] & 0xFF) / 255f;
        }
        return new Images(dims[0], dims[1] * dims[2], pixels);
    }

    static int[] readLabels(String name, InputStream raw) throws IOException {
        DataInputStream in = open(name, raw);
        int[] dims = header(in, name, 1);
        byte[] bytes = readFully(in, name, dims[0]);
        int[] labels = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            labels[i] = bytes[i] & 0xFF;
        }
        return labels;
    }

    private static DataInputStream open(String name, InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        if (!gzip) {
            return new DataInputStream(in);
        }
        try {
            return new DataInputStream(new GZIPInputStream(in, 1 << 16));
        } catch (IOException e) {
            throw corrupt(name, e);
        }
    }

    /** The decompressor's own exceptions, some without a message, restated with the file's name. */
    private static IOException corrupt(String name, IOException e) {
        return new IOException(name + " is not valid gzip data: "
                + (e.getMessage() != null ? e.getMessage() : "it ends too early"), e);
    }

    private static int[] header(DataInputStream in, String name, int expectedDims) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IOException(name + " is too short to be an IDX file (no 4-byte header)");
        } catch (IOException e) {
            throw corrupt(name, e);
        }
        int type = (magic >>> 8) & 0xFF;
        int dims = magic & 0xFF;
        if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || dims != expectedDims) {
            throw new IOException(String.format("%s: header 0x%08X is not an IDX file of unsigned bytes with %d "
                    + "dimensions (expected 0x%08X)", name, magic, expectedDims, (UNSIGNED_BYTE << 8) | expectedDims));
        }
        int[] sizes = new int[dims];
        for (int i = 0; i < dims; i++) {
            try {
                sizes[i] = in.readInt();
            } catch (EOFException e) {
                throw new IOException(name + " ends inside its header, at dimension " + i);
            } catch (IOException e) {
                throw corrupt(name, e);
            }
            if (sizes[i] <= 0) {
                throw new IOException(name + ": dimension " + i + " has size " + sizes[i]);
            }
        }
        return sizes;
    }

    /** Reads in chunks, so that a header promising more than the file holds allocates only what is there. */
    private static byte[] readFully(DataInputStream in, String name, long count) throws IOException {
        if (count > MAX_ELEMENTS) {
            throw new IOException(name + " claims " + count + " values, more than any IDX file vectorprop reads");
        }
        byte[] data;
        try {
            data = in.readNBytes((int) count);
        } catch (IOException e) {
            throw corrupt(name, e);
        }
        if (data.length != count) {
            throw new IOException(name + " is truncated: its header promises " + count + " data bytes, it holds "
                    + data.length);
        }
        return data;
    }
}
