package dev.vectorprop.io;

import dev.vectorprop.data.Scaler;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.BatchNorm;
import dev.vectorprop.nn.Dense;
import dev.vectorprop.nn.Dropout;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Provenance;
import dev.vectorprop.nn.Layer;
import dev.vectorprop.nn.Network;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The model file format, version {@value #VERSION}. All numbers are big-endian; a string is its UTF-8
 * length (int) and bytes.
 *
 * <pre>
 * offset  size  field
 * 0       4     magic "VPRM" (0x5650524D)
 * 4       4     format version
 * 8       8     payload length P
 * 16      P     payload (below)
 * 16+P    4     CRC-32 of bytes [0, 16+P)
 *
 * payload: inputs (int), layer count (int), then per layer:
 *   kind (byte: 0 dense, 1 dropout, 2 batch norm), outputs (int),
 *   dense: activation (byte, code below)
 *   dropout: rate (float)
 *   batch norm: activation (byte), running mean (outputs floats), running variance (outputs floats)
 * parameter count (int), parameters (floats, the network's one parameter array)
 * input scaler, target scaler: kind (byte: 0 none, 1 min-max, 2 z-score), width (int), shifts (floats), factors (floats)
 * class names, feature names, target names: count (int, −1 for none), then each name as a string
 * provenance: vectorprop version (string), creation time (long, ms since 1970), configuration entries (int)
 *   and each as key and value strings, data fingerprint present (byte 0/1) then rows (long), columns (int),
 *   SHA-256 (string), metric entries (int) and each as a key string and a double
 *
 * activation codes: 0 identity, 1 sign, 2 sigmoid, 3 tanh, 4 ReLU, 5 hard tanh, 6 softmax
 * </pre>
 *
 * Codes are fixed here, never taken from an enum's declaration order. Version 1 (before provenance) is
 * still read: it had an initializer byte after each dense layer's activation (now recorded in the
 * provenance, as weights are only initialised before training) and no provenance section.
 *
 * <p>Loading checks the magic, refuses a newer version, checks the length against the file's and the
 * checksum before it parses anything, and checks every count against the bytes left before allocating.
 * Saving writes a temporary file beside the target, forces it to disk and renames it over the target,
 * so a crash leaves either the old file or the new one.
 */
public final class ModelFile {
    public static final int MAGIC = 0x5650524D;
    public static final int VERSION = 2;
    private static final Activation[] ACTIVATIONS = {Activation.IDENTITY, Activation.SIGN, Activation.SIGMOID,
            Activation.TANH, Activation.RELU, Activation.HARD_TANH, Activation.SOFTMAX};
    private static final Scaler.Kind[] SCALERS = {Scaler.Kind.NONE, Scaler.Kind.MIN_MAX, Scaler.Kind.Z_SCORE};
    private static final int HEADER = 16;
    private static final long MAX_FILE = Integer.MAX_VALUE - 8;

    private ModelFile() {
    }

    /** A checked file's format version and payload. */
    record Frame(int version, ByteBuffer payload) {
    }

    public static void save(Model model, Path file) throws IOException {
        writeAtomically(file, bytes(model));
    }

    /** The bytes {@link #save} writes, for a model stored or sent elsewhere than in a file; {@link #read} parses them. */
    public static byte[] bytes(Model model) throws IOException {
        return envelope(MAGIC, VERSION, payload(model));
    }

    /** Magic, version, payload length, payload, CRC-32: the frame every vectorprop file shares. */
    static byte[] envelope(int magic, int version, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(HEADER + payload.length + 4);
        out.putInt(magic).putInt(version).putLong(payload.length).put(payload);
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    /**
     * Writes to a temporary file in the same folder, forces it to disk, then renames it over {@code file}.
     * The file gets the usual permissions (the process's umask), as any file the user writes.
     */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path target = file.toAbsolutePath();
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    public static Model load(Path file) throws IOException {
        return read(file.toString(), bytesOf(file, "a model file"));
    }

    /** The bytes of a file vectorprop wrote, refused unread when it is larger than any such file. */
    static byte[] bytesOf(Path file, String kind) throws IOException {
        try (InputStream in = InputFiles.open(file, kind)) {
            long size = Files.size(file);
            if (size > MAX_FILE) {
                throw new IOException(file + " is " + size + " bytes, larger than " + kind + " vectorprop writes");
            }
            return in.readAllBytes();
        }
    }

    /** Parses the bytes of a model file; {@code source} names it in messages. */
    public static Model read(String source, byte[] bytes) throws IOException {
        Frame frame = open(source, bytes, MAGIC, VERSION, "model");
        ByteBuffer payload = frame.payload();
        try {
            Model model = parse(source, payload, frame.version());
            if (payload.hasRemaining()) {
                throw new IOException(source + " is corrupt: " + payload.remaining() + " bytes after the last field");
            }
            return model;
        } catch (BufferUnderflowException | IllegalArgumentException | IllegalStateException e) {
            throw new IOException(source + " is corrupt: " + (e.getMessage() != null ? e.getMessage()
                    : "a field runs past the end of the payload"), e);
        }
    }

    /**
     * Checks a file's frame (magic, version up to {@code newest}, length against the file's, checksum) and
     * returns its version and payload; {@code kind} names the file type in messages.
     */
    static Frame open(String source, byte[] bytes, int magic, int newest, String kind) throws IOException {
        if (bytes.length < HEADER + 4) {
            throw new IOException(source + " is truncated: " + bytes.length + " bytes, a " + kind + " file has at least "
                    + (HEADER + 4));
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int found = in.getInt();
        if (found != magic) {
            throw new IOException(String.format("%s is not a vectorprop %s file (magic 0x%08X, expected 0x%08X)",
                    source, kind, found, magic));
        }
        int version = in.getInt();
        if (version > newest || version < 1) {
            throw new IOException(source + " has format version " + version + "; this vectorprop reads version "
                    + newest + (version > newest ? ": it was written by a newer vectorprop" : ""));
        }
        long length = in.getLong();
        if (length < 0 || length != bytes.length - HEADER - 4) {
            if (length >= 0 && bytes.length < HEADER + length + 4) {
                throw new IOException(source + " is truncated at offset " + bytes.length + ": its header promises "
                        + (HEADER + length + 4) + " bytes");
            }
            throw new IOException(source + " is corrupt: its header promises a " + length + "-byte payload, the file holds "
                    + (bytes.length - HEADER - 4));
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, HEADER + (int) length);
        int stored = ByteBuffer.wrap(bytes, HEADER + (int) length, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IOException(String.format("%s is corrupt: checksum 0x%08X, the content sums to 0x%08X", source,
                    stored, (int) crc.getValue()));
        }
        return new Frame(version, ByteBuffer.wrap(bytes, HEADER, (int) length).slice());
    }

    static byte[] payload(Model model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        Network network = model.network();
        out.writeInt(network.inputs());
        out.writeInt(network.layers().size());
        for (Layer layer : network.layers()) {
            switch (layer) {
                case Dense d -> {
                    out.writeByte(0);
                    out.writeInt(d.outputs());
                    out.writeByte(code(ACTIVATIONS, d.activation()));
                }
                case Dropout d -> {
                    out.writeByte(1);
                    out.writeInt(d.outputs());
                    out.writeFloat(d.rate());
                }
                case BatchNorm b -> {
                    out.writeByte(2);
                    out.writeInt(b.outputs());
                    out.writeByte(code(ACTIVATIONS, b.activation()));
                    writeFloats(out, b.runningMean());
                    writeFloats(out, b.runningVariance());
                }
            }
        }
        out.writeInt(network.parameterCount());
        writeFloats(out, network.parameters());
        writeScaler(out, model.inputScaler());
        writeScaler(out, model.targetScaler());
        writeNames(out, model.classNames());
        writeNames(out, model.featureNames());
        writeNames(out, model.targetNames());
        writeProvenance(out, model.provenance());
        return bytes.toByteArray();
    }

    /** Parses a payload of the given format version. */
    static Model parse(String source, ByteBuffer in, int version) throws IOException {
        int inputs = positive(in.getInt(), "input width");
        int layerCount = positive(in.getInt(), "layer count");
        if (layerCount > in.remaining() / 5) { // each layer takes at least a kind byte and a width
            throw new IOException(source + " is corrupt: " + layerCount + " layers cannot fit in the "
                    + in.remaining() + " bytes left");
        }
        Network.Builder builder = Network.builder(inputs);
        float[][][] statistics = new float[layerCount][][];
        long needed = 0;
        int width = inputs;
        for (int i = 0; i < layerCount; i++) {
            int kind = in.get();
            int outputs = positive(in.getInt(), "width of layer " + i);
            if (kind != 0 && outputs != width) {
                throw new IOException(source + " is corrupt: layer " + i + " keeps the width, " + width + ", not " + outputs);
            }
            // checked before the builder allocates the layer or the network its parameter array
            needed += kind == 0 ? (long) width * outputs + outputs : kind == 2 ? 2L * outputs : 0;
            if (needed > in.remaining() / 4) {
                throw new IOException(source + " is corrupt: its layers need " + needed
                        + " parameters, the file has " + in.remaining() + " bytes left at offset " + (HEADER + in.position()));
            }
            switch (kind) {
                case 0 -> {
                    builder.dense(outputs, codeAt(ACTIVATIONS, in.get(), "activation"));
                    if (version == 1 && (in.get() & 0xFF) > 2) { // its initializer: Glorot, He or zero
                        throw new IllegalArgumentException("unknown initializer code in layer " + i);
                    }
                }
                case 1 -> builder.dropout(in.getFloat());
                case 2 -> {
                    builder.batchNorm(codeAt(ACTIVATIONS, in.get(), "activation"));
                    statistics[i] = new float[][] {readFloats(in, outputs), readFloats(in, outputs)};
                }
                default -> throw new IOException(source + " is corrupt: layer " + i + " has unknown kind " + kind);
            }
            width = outputs;
        }
        Network network = builder.build();
        int count = in.getInt();
        if (count != network.parameterCount()) {
            throw new IOException(source + " is corrupt: " + count + " parameters for a network that has "
                    + network.parameterCount());
        }
        float[] parameters = readFloats(in, count);
        System.arraycopy(parameters, 0, network.parameters(), 0, count);
        for (int i = 0; i < layerCount; i++) {
            if (statistics[i] != null) {
                BatchNorm norm = (BatchNorm) network.layers().get(i);
                System.arraycopy(statistics[i][0], 0, norm.runningMean(), 0, norm.outputs());
                System.arraycopy(statistics[i][1], 0, norm.runningVariance(), 0, norm.outputs());
            }
        }
        Scaler inputScaler = readScaler(in);
        Scaler targetScaler = readScaler(in);
        String[] classNames = readNames(in);
        String[] featureNames = readNames(in);
        String[] targetNames = readNames(in);
        Provenance provenance = version == 1 ? Provenance.unknown() : readProvenance(in);
        return new Model(network, inputScaler, targetScaler, classNames, featureNames, targetNames, provenance);
    }

    static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    /** Checks the count against the bytes left before allocating. */
    static float[] readFloats(ByteBuffer in, int count) {
        if (count < 0 || (long) count * 4 > in.remaining()) {
            throw new IllegalArgumentException(count + " floats do not fit in the " + in.remaining()
                    + " bytes left at offset " + (HEADER + in.position()));
        }
        float[] values = new float[count];
        in.asFloatBuffer().get(values);
        in.position(in.position() + count * 4);
        return values;
    }

    private static void writeScaler(DataOutputStream out, Scaler scaler) throws IOException {
        out.writeByte(code(SCALERS, scaler.kind()));
        out.writeInt(scaler.width());
        writeFloats(out, scaler.shift());
        writeFloats(out, scaler.factor());
    }

    private static Scaler readScaler(ByteBuffer in) {
        Scaler.Kind kind = codeAt(SCALERS, in.get(), "scaler kind");
        int width = positive(in.getInt(), "scaler width");
        return new Scaler(kind, readFloats(in, width), readFloats(in, width));
    }

    private static void writeProvenance(DataOutputStream out, Provenance provenance) throws IOException {
        writeString(out, provenance.version());
        out.writeLong(provenance.created().toEpochMilli());
        out.writeInt(provenance.configuration().size());
        for (Map.Entry<String, String> entry : provenance.configuration().entrySet()) {
            writeString(out, entry.getKey());
            writeString(out, entry.getValue());
        }
        Provenance.DataFingerprint data = provenance.data();
        out.writeByte(data == null ? 0 : 1);
        if (data != null) {
            out.writeLong(data.rows());
            out.writeInt(data.columns());
            writeString(out, data.sha256());
        }
        out.writeInt(provenance.metrics().size());
        for (Map.Entry<String, Double> entry : provenance.metrics().entrySet()) {
            writeString(out, entry.getKey());
            out.writeDouble(entry.getValue());
        }
    }

    private static Provenance readProvenance(ByteBuffer in) {
        String version = readString(in);
        Instant created = Instant.ofEpochMilli(in.getLong());
        int entries = count(in, in.getInt(), 8, "configuration entries");
        Map<String, String> configuration = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            configuration.put(readString(in), readString(in));
        }
        Provenance.DataFingerprint data = switch (in.get()) {
            case 0 -> null;
            case 1 -> new Provenance.DataFingerprint(in.getLong(), in.getInt(), readString(in));
            default -> throw new IllegalArgumentException("the data fingerprint flag is neither 0 nor 1");
        };
        int metricCount = count(in, in.getInt(), 12, "metrics");
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int i = 0; i < metricCount; i++) {
            metrics.put(readString(in), in.getDouble());
        }
        return new Provenance(version, created, configuration, data, metrics);
    }

    /** Checks that {@code count} entries of at least {@code bytesEach} bytes fit in what is left. */
    private static int count(ByteBuffer in, int count, int bytesEach, String what) {
        if (count < 0 || (long) count * bytesEach > in.remaining()) {
            throw new IllegalArgumentException(count + " " + what + " do not fit in the " + in.remaining()
                    + " bytes left at offset " + (HEADER + in.position()));
        }
        return count;
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("a string of " + length + " bytes does not fit in the "
                    + in.remaining() + " bytes left at offset " + (HEADER + in.position()));
        }
        byte[] utf8 = new byte[length];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void writeNames(DataOutputStream out, String[] names) throws IOException {
        if (names == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(names.length);
        for (String name : names) {
            writeString(out, name);
        }
    }

    private static String[] readNames(ByteBuffer in) {
        int count = in.getInt();
        if (count == -1) {
            return null;
        }
        String[] names = new String[count(in, count, 4, "names")];
        for (int i = 0; i < count; i++) {
            names[i] = readString(in);
        }
        return names;
    }

    private static int positive(int value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " is " + value);
        }
        return value;
    }

    /** The stored code of a value: its index in the format's own table. */
    private static <E> int code(E[] table, E value) {
        return List.of(table).indexOf(value);
    }

    private static <E> E codeAt(E[] table, int code, String what) {
        if (code < 0 || code >= table.length) {
            throw new IllegalArgumentException("unknown " + what + " code " + code);
        }
        return table[code];
    }
}
