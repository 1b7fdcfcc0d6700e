package dev.vectorprop.data;

import dev.vectorprop.io.InputFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Comma-separated text as rows of strings: a header row, then records; fields may be quoted
 * ({@code "a, b"}, with {@code ""} for a quote inside). A record with the wrong number of fields is an
 * error naming its line.
 *
 * @param header the column names
 * @param rows   the records, each as many fields as the header
 * @param lines  the line number (1-based, in the file) each record starts on
 */
public record Csv(String source, List<String> header, List<String[]> rows, int[] lines) {

    public static Csv read(Path file) throws IOException {
        // a decoder of its own reports malformed UTF-8 rather than replacing it, as Files.newBufferedReader did
        try (Reader in = new BufferedReader(new InputStreamReader(InputFiles.open(file, "a CSV file"),
                StandardCharsets.UTF_8.newDecoder()))) {
            return read(file.toString(), in);
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text: save it as UTF-8", e);
        }
    }

    public static Csv read(String source, Reader reader) throws IOException {
        Parser parser = new Parser(source, reader);
        String[] header = parser.next();
        if (header == null) {
            throw new IOException(source + " is empty: it needs a header row");
        }
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String[] record;
        while ((record = parser.next()) != null) {
            if (record.length == 1 && record[0].isEmpty()) {
                continue; // a blank line
            }
            if (record.length != header.length) {
                throw new IOException(source + ", line " + parser.recordLine + ": " + record.length
                        + " fields where the header has " + header.length);
            }
            rows.add(record);
            lines.add(parser.recordLine);
        }
        return new Csv(source, List.of(header), rows, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The index of a column given by name, or by a 0-based index written as a number. */
    public int column(String nameOrIndex) {
        int named = header.indexOf(nameOrIndex);
        if (named >= 0) {
            return named;
        }
        try {
            int index = Integer.parseInt(nameOrIndex.trim());
            if (index >= 0 && index < header.size()) {
                return index;
            }
        } catch (NumberFormatException notANumber) {
            // fall through to the error naming the columns there are
        }
        throw new IllegalArgumentException("no column '" + nameOrIndex + "' in " + source + "; its columns are "
                + String.join(", ", header));
    }

    /** A small RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks. */
    private static final class Parser {
        private static final int BYTE_ORDER_MARK = '\uFEFF';
        private final String source;
        private final Reader in;
        private int line = 1;
        private int recordLine;
        private int pending = -2;

        Parser(String source, Reader in) throws IOException {
            this.source = source;
            this.in = in;
            int first = in.read();
            pending = first == BYTE_ORDER_MARK ? -2 : first; // some editors start UTF-8 files with one
        }

        private int read() throws IOException {
            if (pending != -2) {
                int c = pending;
                pending = -2;
                return c;
            }
            return in.read();
        }

        /** The next record, or null at the end of the input. */
        String[] next() throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            recordLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        throw new IOException(source + ", line " + recordLine + ": a quoted field is never closed");
                    }
                    if (c == '"') {
                        int after = read();
                        if (after == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            c = after;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append((char) c);
                    }
                } else if (c == ',' ) {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n' || c == '\r' || c == -1) {
                    if (c == '\r') {
                        int after = read();
                        if (after != '\n') {
                            pending = after;
                        }
                    }
                    if (c != -1) {
                        line++;
                    }
                    fields.add(field.toString());
                    return fields.toArray(new String[0]);
                } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else {
                    field.append((char) c);
                }
                c = read();
            }
        }
    }
}
