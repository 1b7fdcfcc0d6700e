package dev.vectorprop.samples;

import dev.vectorprop.io.Checkpoint;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Provenance;
import dev.vectorprop.train.Trainer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The configuration {@code train} records in a model's provenance: every option in the form the command line
 * takes it, so that {@link Resume} can read a checkpoint's options back.
 */
final class Configuration {
    private Configuration() {
    }

    /**
     * How this model was made: the command as typed (on resume, with the checkpoint's options added), every
     * option's effective value (defaults included), the network, the optimizer's settings, the kernels, the
     * epochs a resumed run started from, the raw training data's fingerprint and the metrics.
     */
    static Provenance provenance(CommandSpec spec, Kernels k, Network network, Object optimizer,
                                 Provenance.DataFingerprint data, Checkpoint.Contents saved,
                                 Map<String, Double> metrics) {
        Map<String, String> configuration = new LinkedHashMap<>();
        configuration.put("command", "vectorprop train " + String.join(" ", typedArgs(spec)));
        for (OptionSpec option : spec.options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                configuration.put(key(option), text(option.getValue()));
            }
        }
        configuration.put("network", network.toString());
        configuration.put("optimizer-settings", optimizer.toString());
        configuration.put("kernels-used", k.name());
        if (saved != null) {
            Trainer.Progress from = saved.progress();
            configuration.put("resumed-after", from.epochs() + " epochs" + (from.batches() == 0 ? ""
                    : " and " + from.batches() + " batches"));
        }
        return Provenance.of(configuration, data, metrics);
    }

    /** The arguments of this command as typed, without the parent command's ({@code train} itself). */
    static List<String> typedArgs(CommandSpec spec) {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return spec.parent() == null ? args : args.subList(args.indexOf(spec.name()) + 1, args.size());
    }

    /** An option's name in the provenance: its longest name without the dashes. */
    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^--", "");
    }

    /** An option's value as the command line takes it (lists comma-separated), so that a resume can reparse it. */
    static String text(Object value) {
        return switch (value) {
            case null -> "";
            case int[] widths -> Arrays.stream(widths).mapToObj(Integer::toString).collect(Collectors.joining(","));
            case double[] numbers -> Arrays.stream(numbers).mapToObj(Double::toString).collect(Collectors.joining(","));
            case Collection<?> values -> values.stream().map(Configuration::text).collect(Collectors.joining(","));
            case Enum<?> constant -> constant.name().toLowerCase(Locale.ROOT);
            default -> String.valueOf(value);
        };
    }

    /** The model with one more configuration entry in its provenance. */
    static Model noted(Model model, String key, String value) {
        Provenance p = model.provenance();
        Map<String, String> configuration = new LinkedHashMap<>(p.configuration());
        configuration.put(key, value);
        return model.withProvenance(new Provenance(p.version(), p.created(), configuration, p.data(), p.metrics()));
    }
}
