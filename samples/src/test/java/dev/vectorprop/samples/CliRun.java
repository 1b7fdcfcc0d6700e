package dev.vectorprop.samples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One run of the command line in this JVM with its standard output and error captured.
 *
 * @param code the exit code
 */
public record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        return of(null, args);
    }

    /** A run with {@code train}'s epochs on {@code backend} (null: this JVM's trainer), as a launcher runs it. */
    public static synchronized CliRun of(TrainBackend backend, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Cli.run(args, backend);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    public List<String> lines() {
        return out.lines().toList();
    }

    public String lastLine() {
        return lines().getLast();
    }
}
