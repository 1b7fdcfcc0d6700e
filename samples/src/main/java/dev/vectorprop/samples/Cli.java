package dev.vectorprop.samples;

import dev.vectorprop.train.TrainingDivergedException;

import java.io.IOException;
import java.io.UncheckedIOException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vectorprop} command. */
@Command(name = "vectorprop", mixinStandardHelpOptions = true, version = "vectorprop 0.1.0",
        description = "Train multilayer perceptrons on the CPU, fast.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ExamplesCommand.class,
                StudyCommand.class, ServeCommand.class, InfoCommand.class, ExportCommand.class, ImportCommand.class})
public final class Cli {
    /** Exit code for unreadable data or arguments that do not fit it (picocli uses 2 for bad flags). */
    static final int EXIT_BAD_INPUT = 3;
    /** Exit code after SIGINT or SIGTERM (128 + 2, as shells report an interrupted command). */
    static final int EXIT_INTERRUPTED = 130;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    static int run(String... args) {
        return run(args, null);
    }

    /**
     * Runs the command line with {@code train}'s epochs run by {@code backend} (null: this JVM's trainer) and its
     * options added to {@code train}'s; returns the exit code. How {@code vectorprop-spark} is the same command.
     */
    public static int run(String[] args, TrainBackend backend) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> type) throws Exception {
                return type == TrainCommand.class ? (K) new TrainCommand(backend) : defaults.create(type);
            }
        };
        CommandLine cli = new CommandLine(new Cli(), factory).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Cli::explain);
        if (backend != null) {
            cli.getSubcommands().get("train").addMixin("backend", backend.options());
        }
        return cli.execute(args);
    }

    /**
     * Bad data or arguments found while running, or training that diverged on them: one line that says what
     * is wrong, not a stack trace.
     */
    private static int explain(Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof IOException || e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof TrainingDivergedException) {
            command.getErr().println("vectorprop: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        if (e instanceof UncheckedIOException unchecked) { // e.g. a checkpoint that could not be written mid-run
            command.getErr().println("vectorprop: " + unchecked.getMessage() + ": " + unchecked.getCause().getMessage());
            return EXIT_BAD_INPUT;
        }
        throw e;
    }
}
