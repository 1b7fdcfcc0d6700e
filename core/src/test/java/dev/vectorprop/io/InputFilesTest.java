package dev.vectorprop.io;

import dev.vectorprop.data.Csv;
import dev.vectorprop.data.IdxReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every reader names the file and what is wrong with it, the same way. */
class InputFilesTest {

    /** Each reader, and what it calls the file it expects. */
    private static Map<String, Executable> readers(Path file) {
        return Map.of(
                "a CSV file", () -> Csv.read(file),
                "an IDX file", () -> IdxReader.readImages(file),
                "a model file", () -> ModelFile.load(file),
                "a checkpoint", () -> Checkpoint.load(file));
    }

    @Test
    void aMissingFileIsNamedWithTheReason(@TempDir Path dir) {
        Path missing = dir.resolve("fashion.vpm");
        readers(missing).forEach((kind, reader) -> {
            IOException e = assertThrows(NoSuchFileException.class, reader, kind);
            assertEquals(missing + ": no such file", e.getMessage(), kind);
        });
    }

    @Test
    void aDirectoryIsNamedWithWhatWasExpected(@TempDir Path dir) {
        readers(dir).forEach((kind, reader) -> {
            IOException e = assertThrows(IOException.class, reader, kind);
            assertEquals(dir + " is a directory, not " + kind, e.getMessage());
        });
    }

    @Test
    void permissionDeniedIsNamed() {
        // tests run as root, who may read anything: the mapping is tested on the JDK's exception instead
        Path file = Path.of("x.csv");
        FileSystemException e = InputFiles.explain(file, new AccessDeniedException("x.csv"));
        assertInstanceOf(AccessDeniedException.class, e);
        assertEquals("x.csv: permission denied", e.getMessage());

        FileSystemException other = new FileSystemException("x.csv", null, "Not a directory");
        assertSame(other, InputFiles.explain(file, other), "a reason the JDK gives is kept");
    }
}
