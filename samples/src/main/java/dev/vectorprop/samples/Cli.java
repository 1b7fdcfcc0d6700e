package dev.vectorprop.samples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vectorprop} command. */
@Command(name = "vectorprop", mixinStandardHelpOptions = true, version = "vectorprop 0.1.0",
        description = "Train multilayer perceptrons on the CPU, fast.",
        subcommands = {TrainCommand.class})
public final class Cli {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    static int run(String... args) {
        return new CommandLine(new Cli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }
}
