package dev.vectorprop.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens the files vectorprop reads, so that every reader says the same thing when it cannot: the JDK's
 * {@link NoSuchFileException} has only the path for a message, and a directory fails at the first read
 * with "Is a directory", without the path. The exceptions keep their types, with messages like
 * {@code fashion.vpm: no such file}.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /**
     * Opens a file to read.
     *
     * @param kind what the file should be, with its article ("a CSV file"), for the message when it is a directory
     */
    public static InputStream open(Path file, String kind) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a directory, not " + kind);
        }
        try {
            return Files.newInputStream(file);
        } catch (FileSystemException e) {
            throw explain(file, e);
        }
    }

    /** The whole file; see {@link #open}. */
    public static byte[] readAllBytes(Path file, String kind) throws IOException {
        try (InputStream in = open(file, kind)) {
            return in.readAllBytes();
        }
    }

    /** The JDK's exception for a file that would not open, with the path and the reason in its message. */
    static FileSystemException explain(Path file, FileSystemException e) {
        return switch (e) {
            case NoSuchFileException missing -> new NoSuchFileException(file.toString(), null, "no such file");
            case AccessDeniedException denied -> new AccessDeniedException(file.toString(), null, "permission denied");
            default -> e; // the others come with a reason already: "path: Not a directory"
        };
    }
}
