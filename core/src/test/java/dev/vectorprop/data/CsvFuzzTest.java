package dev.vectorprop.data;

import dev.vectorprop.testing.Fuzz;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Any byte string read as CSV and turned into a table gives a table or a clear exception. */
class CsvFuzzTest {
    @Test
    void csvTextAndTables() {
        String seed = "a,b,\"c, d\",label\n1,2,x,cat\n3.5,,\"y \"\"z\"\"\",dog\n-1e3,4,x,cat\n";
        byte[][] seeds = {seed.getBytes(StandardCharsets.UTF_8), "x\n1\n".getBytes(StandardCharsets.UTF_8)};
        int rejected = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Fuzz.run(seeds, 30_000, 7, input -> {
            Csv csv = Csv.read("fuzz.csv", new StringReader(new String(input, StandardCharsets.UTF_8)));
            for (MissingValues policy : MissingValues.values()) {
                Table table = new TableReader().targets(List.of(csv.header().getLast())).classification(true)
                        .missing(policy).read(csv);
                table.impute(table.columnMeans()).toDataset();
            }
        }));
        System.out.printf("CSV fuzzing: 30000 inputs, %d rejected with a clear exception%n", rejected);
        assertTrue(rejected > 0 && rejected < 30_000);
    }
}
