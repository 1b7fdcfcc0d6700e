package dev.vectorprop.samples;

import dev.vectorprop.io.Checkpoint;
import dev.vectorprop.nn.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code train --resume}: a run goes on with the options it was started with, which the checkpoint's
 * provenance records, so that it continues bit for bit; only what does not change the arithmetic may differ.
 */
final class Resume {
    /** The options a resumed run may set anew. --data may name the data elsewhere: its fingerprint is checked. */
    private static final Set<String> FREE = Set.of("epochs", "model", "checkpoint", "checkpoint-every", "resume",
            "plot", "json", "quiet", "threads", "data");

    private Resume() {
    }

    /**
     * A train command with the options typed here and, for every other, the checkpoint's (so that a bare
     * {@code --resume FILE} finishes the run as it was started); refuses a typed option that differs from
     * the checkpoint's unless it is one of {@link #FREE}.
     */
    static TrainCommand command(CommandSpec spec, Path file, Checkpoint.Contents saved) {
        Map<String, String> stored = saved.model().provenance().configuration();
        if (!stored.containsKey("command")) {
            throw new IllegalArgumentException(file + " records no train options (it was not written by vectorprop "
                    + "train), so the command line cannot resume it");
        }
        ParseResult typed = spec.commandLine().getParseResult();
        List<String> args = new ArrayList<>(Configuration.typedArgs(spec));
        for (OptionSpec option : spec.options()) {
            String name = Configuration.key(option);
            String value = stored.get(name);
            if (option.usageHelp() || option.versionHelp() || name.equals("resume")) {
                continue;
            }
            if (value == null) { // an option newer than the checkpoint: it trained without it
                if (typed.hasMatchedOption(option) && !FREE.contains(name)) {
                    throw new ParameterException(spec.commandLine(), file + " was written by a vectorprop without "
                            + option.longestName() + ": a resumed run keeps the options it was trained with");
                }
                continue;
            }
            if (typed.hasMatchedOption(option)) {
                String given = Configuration.text(option.getValue());
                if (!FREE.contains(name) && !given.equals(value)) {
                    throw new ParameterException(spec.commandLine(), option.longestName() + " " + given + " differs "
                            + "from the " + (value.isEmpty() ? "default" : value) + " that " + file + " was trained "
                            + "with: a resumed run keeps its options; only " + String.join(", ", FREE.stream()
                            .sorted().map(o -> "--" + o).toList()) + " may change");
                }
            } else if (option.typeInfo().isBoolean()) {
                if (Boolean.parseBoolean(value)) {
                    args.add(option.longestName());
                }
            } else if (!value.isEmpty()) {
                args.add(option.longestName());
                args.add(value);
            }
        }
        TrainCommand restored = new TrainCommand();
        new CommandLine(restored).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
        return restored;
    }

    /** Refuses to go on training on other data than the checkpoint's. */
    static void checkData(Path file, Checkpoint.Contents saved, Provenance.DataFingerprint data) throws IOException {
        Provenance.DataFingerprint trained = saved.model().provenance().data();
        if (trained != null && !trained.equals(data)) {
            throw new IOException("this training data (" + describe(data) + ") is not the data " + file + " was "
                    + "trained on (" + describe(trained) + "): resume with the same --data and data options");
        }
    }

    private static String describe(Provenance.DataFingerprint data) {
        return String.format("%,d rows, %d columns, SHA-256 %s…", data.rows(), data.columns(),
                data.sha256().substring(0, Math.min(12, data.sha256().length())));
    }
}
