package dev.vectorprop.onnx;

import dev.vectorprop.data.Scaler;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Provenance;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a model carries besides its graph, as ONNX {@code metadata_props} (any runtime shows them: ONNX
 * Runtime's {@code OnnxModelMetadata.getCustomMetadata()}): the class, feature and target names as JSON arrays
 * of strings, the scalers' kinds, and the provenance, one entry per configuration setting and metric.
 */
final class Metadata {
    static final String PREFIX = "vectorprop.";
    static final String CLASSES = PREFIX + "classes";
    static final String FEATURES = PREFIX + "features";
    static final String TARGETS = PREFIX + "targets";
    static final String INPUT_SCALING = PREFIX + "input_scaling";
    static final String TARGET_SCALING = PREFIX + "target_scaling";
    static final String VERSION = PREFIX + "version";
    static final String CREATED = PREFIX + "created";
    static final String CONFIGURATION = PREFIX + "configuration.";
    static final String DATA_ROWS = PREFIX + "data.rows";
    static final String DATA_COLUMNS = PREFIX + "data.columns";
    static final String DATA_SHA256 = PREFIX + "data.sha256";
    static final String METRIC = PREFIX + "metric.";

    private Metadata() {
    }

    /** The metadata entries of a model. */
    static Map<String, String> of(Model model) {
        Map<String, String> out = new LinkedHashMap<>();
        putNames(out, CLASSES, model.classNames());
        putNames(out, FEATURES, model.featureNames());
        putNames(out, TARGETS, model.targetNames());
        out.put(INPUT_SCALING, scaling(model.inputScaler().kind()));
        out.put(TARGET_SCALING, scaling(model.targetScaler().kind()));
        Provenance p = model.provenance();
        out.put(VERSION, p.version());
        out.put(CREATED, p.created().toString());
        p.configuration().forEach((key, value) -> out.put(CONFIGURATION + key, value));
        if (p.data() != null) {
            out.put(DATA_ROWS, Long.toString(p.data().rows()));
            out.put(DATA_COLUMNS, Integer.toString(p.data().columns()));
            out.put(DATA_SHA256, p.data().sha256());
        }
        p.metrics().forEach((key, value) -> out.put(METRIC + key, Double.toString(value)));
        return out;
    }

    /** The provenance written by {@link #of}, or null when the metadata has none (a model from elsewhere). */
    static Provenance provenance(Map<String, String> metadata) throws IOException {
        String version = metadata.get(VERSION);
        if (version == null) {
            return null;
        }
        try {
            Instant created = Instant.parse(metadata.getOrDefault(CREATED, Instant.EPOCH.toString()));
            Map<String, String> configuration = new LinkedHashMap<>();
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (Map.Entry<String, String> entry : metadata.entrySet()) {
                if (entry.getKey().startsWith(CONFIGURATION)) {
                    configuration.put(entry.getKey().substring(CONFIGURATION.length()), entry.getValue());
                } else if (entry.getKey().startsWith(METRIC)) {
                    metrics.put(entry.getKey().substring(METRIC.length()), Double.parseDouble(entry.getValue()));
                }
            }
            Provenance.DataFingerprint data = metadata.containsKey(DATA_SHA256) ? new Provenance.DataFingerprint(
                    Long.parseLong(metadata.getOrDefault(DATA_ROWS, "0")),
                    Integer.parseInt(metadata.getOrDefault(DATA_COLUMNS, "0")), metadata.get(DATA_SHA256)) : null;
            return new Provenance(version, created, configuration, data, metrics);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IOException("its vectorprop provenance metadata is malformed: " + e.getMessage(), e);
        }
    }

    static String scaling(Scaler.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The scaler kind named by {@link #scaling}, or {@code otherwise} when the entry is absent or unknown. */
    static Scaler.Kind scalingKind(String name, Scaler.Kind otherwise) {
        for (Scaler.Kind kind : Scaler.Kind.values()) {
            if (scaling(kind).equals(name)) {
                return kind;
            }
        }
        return otherwise;
    }

    private static void putNames(Map<String, String> out, String key, String[] names) {
        if (names != null) {
            out.put(key, json(names));
        }
    }

    /** Names as a JSON array of strings. */
    static String json(String[] names) {
        StringBuilder out = new StringBuilder("[");
        for (String name : names) {
            out.append(out.length() > 1 ? "," : "").append('"');
            for (char c : name.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) { // control characters, newlines too, as six-character escapes
                    out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        }
        return out.append(']').toString();
    }

    /** The names of entry {@code key}, a JSON array of strings, or null when there is none. */
    static String[] names(Map<String, String> metadata, String key) throws IOException {
        String json = metadata.get(key);
        if (json == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        int i = skipSpace(json, 0);
        if (i >= json.length() || json.charAt(i) != '[') {
            throw malformed(key, json);
        }
        i = skipSpace(json, i + 1);
        if (i < json.length() && json.charAt(i) == ']') {
            return check(key, json, i, new String[0]);
        }
        while (true) {
            if (i >= json.length() || json.charAt(i) != '"') {
                throw malformed(key, json);
            }
            StringBuilder name = new StringBuilder();
            for (i++; i < json.length() && json.charAt(i) != '"'; i++) {
                char c = json.charAt(i);
                if (c != '\\') {
                    name.append(c);
                    continue;
                }
                if (++i >= json.length()) {
                    throw malformed(key, json);
                }
                switch (json.charAt(i)) {
                    case 'n' -> name.append('\n');
                    case 'r' -> name.append('\r');
                    case 't' -> name.append('\t');
                    case 'b' -> name.append('\b');
                    case 'f' -> name.append('\f');
                    case 'u' -> {
                        if (i + 4 >= json.length()) {
                            throw malformed(key, json);
                        }
                        try {
                            name.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                        } catch (NumberFormatException e) {
                            throw malformed(key, json);
                        }
                        i += 4;
                    }
                    default -> name.append(json.charAt(i));
                }
            }
            if (i >= json.length()) {
                throw malformed(key, json);
            }
            names.add(name.toString());
            i = skipSpace(json, i + 1);
            if (i < json.length() && json.charAt(i) == ']') {
                return check(key, json, i, names.toArray(String[]::new));
            }
            if (i >= json.length() || json.charAt(i) != ',') {
                throw malformed(key, json);
            }
            i = skipSpace(json, i + 1);
        }
    }

    private static String[] check(String key, String json, int closing, String[] names) throws IOException {
        if (skipSpace(json, closing + 1) != json.length()) {
            throw malformed(key, json);
        }
        return names;
    }

    private static int skipSpace(String json, int i) {
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        return i;
    }

    private static IOException malformed(String key, String json) {
        String shown = json.length() > 60 ? json.substring(0, 60) + "…" : json;
        return new IOException("its metadata entry " + key + " is not a JSON array of strings: " + shown);
    }
}
