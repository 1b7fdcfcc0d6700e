package dev.vectorprop.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a CSV file's bytes may hold beyond plain UTF-8 text. */
class CsvEncodingTest {

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstColumnsName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bom.csv");
        Files.writeString(file, "\uFEFFx,y\n1,2\n", StandardCharsets.UTF_8);
        Csv csv = Csv.read(file);
        assertEquals(List.of("x", "y"), csv.header());
        assertEquals(0, csv.column("x"));

        // before a quoted name, the mark would have made the quotes part of the name
        assertEquals(List.of("x", "y"), Csv.read("inline.csv", new StringReader("\uFEFF\"x\",y\n1,2\n")).header());
        // only at the very start: elsewhere it is a character like any other
        assertEquals("\uFEFFy", Csv.read("inline.csv", new StringReader("x,\uFEFFy\n1,2\n")).header().get(1));
    }

    @Test
    void textThatIsNotUtf8IsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, "caf\u00e9,y\n1,2\n".getBytes(StandardCharsets.ISO_8859_1));
        IOException e = assertThrows(IOException.class, () -> Csv.read(file));
        assertEquals(file + " is not UTF-8 text: save it as UTF-8", e.getMessage());
    }
}
