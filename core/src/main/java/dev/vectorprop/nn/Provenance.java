package dev.vectorprop.nn;

import dev.vectorprop.data.Dataset;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a model was made, travelling with it in its file: the vectorprop version that wrote it, when, the
 * whole training configuration (layers, loss, optimizer and its hyper-parameters, batch, epochs, seed,
 * shards, kernels, and for the command line the command itself), a fingerprint of the training data and
 * the final metrics. When a model surprises its user, this says what it is.
 *
 * @param configuration setting → value, in the order they were recorded
 * @param data          the training data's fingerprint, or null when unknown
 * @param metrics       metric → value (e.g. {@code test.accuracy}), in the order they were recorded
 */
public record Provenance(String version, Instant created, Map<String, String> configuration, DataFingerprint data,
                         Map<String, Double> metrics) {
    /** The version of vectorprop writing models now. */
    public static final String VERSION = "0.2.0";

    public Provenance {
        configuration = Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The provenance of a model nothing is known about (a model file of format version 1, or a bare network). */
    public static Provenance unknown() {
        return new Provenance("unknown", Instant.EPOCH, Map.of(), null, Map.of());
    }

    /** A provenance written now (to the millisecond, as files keep it) by this vectorprop. */
    public static Provenance of(Map<String, String> configuration, DataFingerprint data, Map<String, Double> metrics) {
        return new Provenance(VERSION, Instant.now().truncatedTo(ChronoUnit.MILLIS), configuration, data, metrics);
    }

    public boolean isKnown() {
        return !version.equals("unknown");
    }

    /**
     * What identifies a training set: its rows, its columns and a SHA-256 of its values (inputs, then
     * targets, as big-endian IEEE floats), so a model can be traced to, or checked against, its data.
     */
    public record DataFingerprint(long rows, int columns, String sha256) {
        public static DataFingerprint of(Dataset data) {
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM lacks SHA-256, which every Java platform must have", e);
            }
            update(digest, data.inputs());
            update(digest, data.targets());
            return new DataFingerprint(data.rows(), data.features(), HexFormat.of().formatHex(digest.digest()));
        }

        private static void update(MessageDigest digest, float[] values) {
            ByteBuffer buffer = ByteBuffer.allocate(4096 * 4);
            for (int i = 0; i < values.length; i += 4096) {
                buffer.clear();
                buffer.asFloatBuffer().put(values, i, Math.min(4096, values.length - i));
                digest.update(buffer.array(), 0, Math.min(4096, values.length - i) * 4);
            }
        }
    }
}
