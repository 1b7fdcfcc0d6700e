package dev.vectorprop.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line end to end, with its output captured. */
class CliTest {
    /** Runs the command line, checks that it exits with {@code code}, and returns the run. */
    private static CliRun run(int code, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(code, run.code(), run.err());
        return run;
    }

    @Test
    @SuppressWarnings("unchecked")
    void regressionOnCaliforniaHousingWithJsonModelAndPlot(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("housing.vpm");
        Path plot = dir.resolve("housing.png");
        CliRun train = run(0, "train", "--data", "california-housing", "--task", "regression", "--target",
                "median_house_value", "--missing", "mean", "--one-hot", "ocean_proximity", "--layers", "13,32,1",
                "--epochs", "3", "--batch", "32", "--lr", "0.003", "--validation", "0.1", "--model", model.toString(),
                "--plot", plot.toString(), "--json", "--quiet");
        Map<String, Object> json = (Map<String, Object>) Json.parse(train.lastLine());
        Map<String, Object> test = (Map<String, Object>) json.get("test");
        double r2 = (Double) test.get("r2");
        assertTrue(r2 > 0.5, "R² " + r2);
        assertTrue(test.containsKey("mse") && test.containsKey("mae"));
        assertTrue(((Map<String, Object>) json.get("validation")).containsKey("loss"));
        assertEquals(3.0, json.get("epochs"));
        assertTrue(Files.size(plot) > 1000);

        CliRun evaluate = run(0, "evaluate", "--model", model.toString(), "--data", "california-housing", "--missing",
                "drop", "--json");
        Map<String, Object> evaluation = (Map<String, Object>) Json.parse(evaluate.lastLine());
        assertTrue((Double) evaluation.get("r2") > 0.5, evaluate.out());
        double bf16 = (Double) ((Map<String, Object>) Json.parse(run(0, "evaluate", "--model", model.toString(),
                "--data", "california-housing", "--missing", "drop", "--precision", "bf16", "--json").lastLine()))
                .get("r2");
        assertEquals((Double) evaluation.get("r2"), bf16, 0.01, "R² with bfloat16 weights");
        CliRun fp8 = run(2, "evaluate", "--model", model.toString(), "--data", "california-housing", "--missing",
                "drop", "--precision", "fp8");
        assertTrue(fp8.err().contains("--precision must be fp32 or bf16, not 'fp8'"), fp8.err());
        CliRun split = run(0, "evaluate", "--model", model.toString(), "--data", "california-housing", "--missing",
                "drop", "--call-threads", "2", "--json");
        assertEquals(evaluate.lastLine(), split.lastLine(), "the same figures with two threads per call");
        CliRun none = run(2, "evaluate", "--model", model.toString(), "--data", "california-housing", "--missing",
                "drop", "--call-threads", "0");
        assertTrue(none.err().contains("--call-threads must be at least 1, not 0"), none.err());

        Path csv = dir.resolve("rows.csv");
        Files.writeString(csv, "longitude,latitude,housing_median_age,total_rooms,total_bedrooms,population,households,"
                + "median_income,ocean_proximity\n-122.23,37.88,41,880,129,322,126,8.3252,NEAR BAY\n"
                + "-118.0,34.0,20,2000,400,1000,380,3.0,INLAND\n");
        List<String> lines = run(0, "predict", "--model", model.toString(), "--data", csv.toString()).lines();
        assertEquals("line,median_house_value", lines.get(0));
        assertEquals(3, lines.size());
        double first = Double.parseDouble(lines.get(1).split(",")[1]);
        assertTrue(first > 100_000 && first < 1_000_000, "a price in dollars: " + first);
    }

    @Test
    void housingExampleAndStudies(@TempDir Path dir) throws Exception {
        CliRun example = run(0, "example", "housing", "--epochs", "5");
        assertTrue(example.out().contains("[8, 10, 1]: test R²") && example.out().contains("[8, 10, 5, 1]: test R²"),
                example.out());
        for (String study : new String[] {"width", "depth", "batch"}) {
            run(0, "study", study, "--epochs", "2", "--out", dir.toString());
            assertTrue(Files.size(dir.resolve("housing-" + study + ".png")) > 1000);
            assertTrue(Files.readString(dir.resolve("housing-" + study + ".md")).startsWith("| layers |"));
        }
    }

    @Test
    void mistakesGetMessagesThatSayWhatToDo() {
        assertFails(2, "the data has 8 features per row: start with 8", "train", "--data", "california-housing",
                "--task", "regression", "--target", "median_house_value", "--missing", "drop", "--layers", "9,4,1");
        assertFails(Cli.EXIT_BAD_INPUT, "no column 'price'", "train", "--data", "california-housing", "--task",
                "regression", "--target", "price");
        assertFails(Cli.EXIT_BAD_INPUT, "no such file", "train", "--data", "/no/such.csv", "--target", "y");
        assertFails(Cli.EXIT_BAD_INPUT, "column 'total_bedrooms'", "train", "--data", "california-housing", "--task",
                "regression", "--target", "median_house_value");
        assertFails(2, "Unknown option", "train", "--no-such-flag");
    }

    private static void assertFails(int code, String message, String... args) {
        CliRun run = run(code, args);
        assertTrue(run.err().contains(message), run.err());
    }
}
