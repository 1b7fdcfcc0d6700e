package dev.vectorprop.samples;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line end to end, with its output captured. */
class CliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String lastLine() {
        List<String> lines = stdout().lines().toList();
        return lines.getLast();
    }

    @Test
    @SuppressWarnings("unchecked")
    void regressionOnCaliforniaHousingWithJsonModelAndPlot(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("housing.vpm");
        Path plot = dir.resolve("housing.png");
        int code = Cli.run("train", "--data", "california-housing", "--task", "regression", "--target",
                "median_house_value", "--missing", "mean", "--one-hot", "ocean_proximity", "--layers", "13,32,1",
                "--epochs", "3", "--batch", "32", "--lr", "0.003", "--validation", "0.1", "--model", model.toString(),
                "--plot", plot.toString(), "--json", "--quiet");
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        Map<String, Object> json = (Map<String, Object>) Json.parse(lastLine());
        Map<String, Object> test = (Map<String, Object>) json.get("test");
        double r2 = (Double) test.get("r2");
        assertTrue(r2 > 0.5, "R² " + r2);
        assertTrue(test.containsKey("mse") && test.containsKey("mae"));
        assertTrue(((Map<String, Object>) json.get("validation")).containsKey("loss"));
        assertEquals(3.0, json.get("epochs"));
        assertTrue(Files.size(plot) > 1000);

        out.reset();
        assertEquals(0, Cli.run("evaluate", "--model", model.toString(), "--data", "california-housing", "--missing",
                "drop", "--json"));
        Map<String, Object> evaluation = (Map<String, Object>) Json.parse(lastLine());
        assertTrue((Double) evaluation.get("r2") > 0.5, stdout());
        out.reset();
        assertEquals(0, Cli.run("evaluate", "--model", model.toString(), "--data", "california-housing", "--missing",
                "drop", "--precision", "bf16", "--json"));
        double bf16 = (Double) ((Map<String, Object>) Json.parse(lastLine())).get("r2");
        assertEquals((Double) evaluation.get("r2"), bf16, 0.01, "R² with bfloat16 weights");
        err.reset();
        assertEquals(2, Cli.run("evaluate", "--model", model.toString(), "--data", "california-housing",
                "--missing", "drop", "--precision", "fp8"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--precision must be fp32 or bf16, not 'fp8'"),
                err.toString(StandardCharsets.UTF_8));

        Path csv = dir.resolve("rows.csv");
        Files.writeString(csv, "longitude,latitude,housing_median_age,total_rooms,total_bedrooms,population,households,"
                + "median_income,ocean_proximity\n-122.23,37.88,41,880,129,322,126,8.3252,NEAR BAY\n"
                + "-118.0,34.0,20,2000,400,1000,380,3.0,INLAND\n");
        out.reset();
        assertEquals(0, Cli.run("predict", "--model", model.toString(), "--data", csv.toString()));
        List<String> lines = stdout().lines().toList();
        assertEquals("line,median_house_value", lines.get(0));
        assertEquals(3, lines.size());
        double first = Double.parseDouble(lines.get(1).split(",")[1]);
        assertTrue(first > 100_000 && first < 1_000_000, "a price in dollars: " + first);
    }

    @Test
    void housingExampleAndStudies(@TempDir Path dir) throws Exception {
        assertEquals(0, Cli.run("example", "housing", "--epochs", "5"));
        assertTrue(stdout().contains("[8, 10, 1]: test R²") && stdout().contains("[8, 10, 5, 1]: test R²"), stdout());
        for (String study : new String[] {"width", "depth", "batch"}) {
            assertEquals(0, Cli.run("study", study, "--epochs", "2", "--out", dir.toString()));
            assertTrue(Files.size(dir.resolve("housing-" + study + ".png")) > 1000);
            assertTrue(Files.readString(dir.resolve("housing-" + study + ".md")).startsWith("| layers |"));
        }
    }

    @Test
    void mistakesGetMessagesThatSayWhatToDo() {
        assertEquals(2, Cli.run("train", "--data", "california-housing", "--task", "regression", "--target",
                "median_house_value", "--missing", "drop", "--layers", "9,4,1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("the data has 8 features per row: start with 8"),
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(Cli.EXIT_BAD_INPUT, Cli.run("train", "--data", "california-housing", "--task", "regression",
                "--target", "price"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no column 'price'"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(Cli.EXIT_BAD_INPUT, Cli.run("train", "--data", "/no/such.csv", "--target", "y"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(Cli.EXIT_BAD_INPUT, Cli.run("train", "--data", "california-housing", "--task", "regression",
                "--target", "median_house_value"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("column 'total_bedrooms'"),
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, Cli.run("train", "--no-such-flag"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown option"), err.toString(StandardCharsets.UTF_8));
    }
}
