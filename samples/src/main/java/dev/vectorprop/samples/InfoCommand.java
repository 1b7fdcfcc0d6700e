package dev.vectorprop.samples;

import dev.vectorprop.data.Scaler;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vectorprop info}: what a model file holds and how it was made. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a saved model's architecture, names, scaling and provenance.")
final class InfoCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "The model file: a .vpm, or an .onnx file (read with the onnx module).")
    Path file;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Model model = Model.load(file);
        System.out.println(json ? json(model) : text(model));
        return 0;
    }

    private String text(Model model) {
        Provenance p = model.provenance();
        StringBuilder out = new StringBuilder();
        line(out, "model", file.toString());
        line(out, "network", model.network().toString());
        line(out, "parameters", String.format(Locale.ROOT, "%,d", model.network().parameterCount()));
        line(out, "task", model.isClassification() ? "classification, classes " + String.join(", ", model.classNames())
                : "regression" + (model.targetNames() != null ? " of " + String.join(", ", model.targetNames()) : ""));
        line(out, "features", model.featureNames() != null ? model.featureNames().length + ": "
                + String.join(", ", model.featureNames()) : model.network().inputs() + ", by position (no names)");
        line(out, "input scaling", scaling(model.inputScaler()));
        if (!model.isClassification()) {
            line(out, "target scaling", scaling(model.targetScaler()));
        }
        if (!p.isKnown()) {
            return out.append("provenance: unknown (a file of format version 1)").toString();
        }
        line(out, "written by", "vectorprop " + p.version() + " at " + p.created());
        if (p.data() != null) {
            line(out, "training data", String.format(Locale.ROOT, "%,d rows × %d columns, SHA-256 %s", p.data().rows(),
                    p.data().columns(), p.data().sha256()));
        }
        out.append("configuration:\n");
        p.configuration().forEach((key, value) -> out.append("  ").append(key).append(" = ").append(value).append('\n'));
        out.append("metrics:");
        p.metrics().forEach((key, value) -> out.append("\n  ").append(key).append(" = ").append(Report.number(value)));
        return out.toString();
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append(": ").append(value).append('\n');
    }

    private static String scaling(Scaler scaler) {
        return switch (scaler.kind()) {
            case NONE -> "none";
            case MIN_MAX -> "min-max";
            case Z_SCORE -> "z-score";
        };
    }

    private String json(Model model) {
        Provenance p = model.provenance();
        List<String> fields = new ArrayList<>();
        fields.add(field("model", Json.quote(file.toString())));
        fields.add(field("network", Json.quote(model.network().toString())));
        fields.add(field("inputs", Integer.toString(model.network().inputs())));
        fields.add(field("outputs", Integer.toString(model.network().outputs())));
        fields.add(field("parameters", Integer.toString(model.network().parameterCount())));
        fields.add(field("classes", names(model.classNames())));
        fields.add(field("features", names(model.featureNames())));
        fields.add(field("targets", names(model.targetNames())));
        fields.add(field("input_scaling", Json.quote(scaling(model.inputScaler()))));
        fields.add(field("target_scaling", Json.quote(scaling(model.targetScaler()))));
        if (p.isKnown()) {
            fields.add(field("version", Json.quote(p.version())));
            fields.add(field("created", Json.quote(p.created().toString())));
            fields.add(field("configuration", object(p.configuration(), Json::quote)));
            fields.add(field("data", p.data() == null ? "null" : "{\"rows\":" + p.data().rows() + ",\"columns\":"
                    + p.data().columns() + ",\"sha256\":" + Json.quote(p.data().sha256()) + "}"));
            fields.add(field("metrics", object(p.metrics(), Report::number)));
        } else {
            fields.add(field("provenance", "null"));
        }
        return "{" + String.join(",", fields) + "}";
    }

    private static String field(String key, String json) {
        return Json.quote(key) + ":" + json;
    }

    private static String names(String[] names) {
        if (names == null) {
            return "null";
        }
        List<String> quoted = new ArrayList<>();
        for (String name : names) {
            quoted.add(Json.quote(name));
        }
        return "[" + String.join(",", quoted) + "]";
    }

    private static <V> String object(Map<String, V> entries, java.util.function.Function<V, String> value) {
        List<String> fields = new ArrayList<>();
        entries.forEach((key, v) -> fields.add(field(key, value.apply(v))));
        return "{" + String.join(",", fields) + "}";
    }
}
