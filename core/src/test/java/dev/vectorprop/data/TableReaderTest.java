package dev.vectorprop.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableReaderTest {
    /** The California housing file shipped with the samples (a copy of ../shared/data's). */
    static final Path HOUSING = Path.of("../samples/src/main/resources/dev/vectorprop/samples/california_housing.csv");

    private static Csv csv(String text) throws IOException {
        return Csv.read("inline.csv", new StringReader(text));
    }

    private static TableReader housing(MissingValues policy) {
        return new TableReader().targets(List.of("median_house_value")).missing(policy);
    }

    @Test
    void californiaHousingWithEachMissingValuePolicy() throws IOException {
        Csv file = Csv.read(HOUSING);
        assertEquals(20_640, file.rows().size());
        var e = assertThrows(IllegalArgumentException.class, () -> housing(MissingValues.ERROR).read(file));
        assertTrue(e.getMessage().contains("column 'total_bedrooms'") && e.getMessage().contains("line 292"),
                e.getMessage());

        Table dropped = housing(MissingValues.DROP).read(file);
        assertEquals(20_433, dropped.rows());
        assertEquals(207, dropped.dropped());
        // ocean_proximity is text: not a feature unless one-hot encoded
        assertEquals(8, dropped.features());

        Table imputed = housing(MissingValues.MEAN).read(file);
        assertEquals(20_640, imputed.rows());
        Table[] parts = imputed.split(0.2, 1);
        float[] means = parts[0].columnMeans();
        Dataset train = parts[0].impute(means).toDataset();
        Dataset test = parts[1].impute(means).toDataset();
        assertEquals(20_640, train.rows() + test.rows());
        assertThrows(IllegalArgumentException.class, parts[1]::toDataset, "NaN left without imputation");
    }

    @Test
    void oneHotEncodesATextColumn() throws IOException {
        Table t = housing(MissingValues.DROP).oneHot(List.of("ocean_proximity")).read(Csv.read(HOUSING));
        assertEquals(13, t.features());
        assertEquals("ocean_proximity=<1H OCEAN", t.featureNames()[8]);
        assertEquals("ocean_proximity=NEAR OCEAN", t.featureNames()[12]);
        float ones = 0;
        for (int j = 8; j < 13; j++) {
            ones += t.x()[j];
        }
        assertEquals(1f, ones, "exactly one category per row");
    }

    @Test
    void classificationWithTextLabelsAndQuotedFields() throws IOException {
        Csv file = csv("size,\"colour, name\",kind\n1.5,\"red, dark\",cat\n2,blue,dog\n\n3,\"say \"\"hi\"\"\",cat\n");
        Table t = new TableReader().targets(List.of("kind")).classification(true).oneHot(List.of("colour, name"))
                .read(file);
        assertArrayEquals(new String[] {"cat", "dog"}, t.classNames());
        assertArrayEquals(new int[] {0, 1, 0}, t.labels());
        assertArrayEquals(new String[] {"size", "colour, name=blue", "colour, name=red, dark", "colour, name=say \"hi\""},
                t.featureNames());
        assertArrayEquals(new int[] {2, 3, 5}, t.lines());
        Dataset d = t.toDataset();
        assertEquals(2, d.targetWidth());
    }

    @Test
    void badInputNamesTheProblem() throws IOException {
        var noColumn = assertThrows(IllegalArgumentException.class,
                () -> new TableReader().targets(List.of("price")).read(csv("a,b\n1,2\n")));
        assertTrue(noColumn.getMessage().contains("no column 'price'") && noColumn.getMessage().contains("a, b"),
                noColumn.getMessage());
        var ragged = assertThrows(IOException.class, () -> csv("a,b\n1,2\n3\n"));
        assertTrue(ragged.getMessage().contains("line 3") && ragged.getMessage().contains("1 fields"), ragged.getMessage());
        var text = assertThrows(IllegalArgumentException.class,
                () -> new TableReader().targets(List.of("b")).features(List.of("a")).read(csv("a,b\n1,2\nx,3\n")));
        assertTrue(text.getMessage().contains("line 3, column 'a'") && text.getMessage().contains("'x' is not a number"),
                text.getMessage());
        var unclosed = assertThrows(IOException.class, () -> csv("a,b\n\"1,2\n"));
        assertTrue(unclosed.getMessage().contains("never closed"), unclosed.getMessage());
        assertThrows(IOException.class, () -> csv(""));
    }
}
