package dev.vectorprop.samples;

import dev.vectorprop.nn.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --lr-schedule}, {@code --warmup} and {@code --early-stopping}: used, reported, resumed or refused. */
class ScheduleOptionsTest {

    private static CliRun housing(String... options) {
        List<String> args = new ArrayList<>(List.of(TrainOptionsTest.HOUSING));
        args.addAll(List.of("--layers", "13,8,1", "--batch", "32"));
        args.addAll(List.of(options));
        return CliRun.of(args.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(CliRun run) {
        assertEquals(0, run.code(), run.err());
        return (Map<String, Object>) Json.parse(run.lastLine());
    }

    @Test
    void aScheduledRunResumesBitForBitAndReportsItsRate(@TempDir Path dir) throws IOException {
        String[] options = {"--lr-schedule", "step:1:0.5", "--warmup", "1", "--threads", "2"};
        Path a = dir.resolve("a.vpm");
        Path b = dir.resolve("b.vpm");
        Path checkpoint = dir.resolve("c.vpck");
        Map<String, Object> straight = json(housing(concat(options, "--epochs", "4", "--model", a.toString(), "--json")));
        assertEquals(0.001 * 0.5 * 0.5 * 0.5, (Double) straight.get("lr"), 1e-9, "halved in epochs 2, 3 and 4");
        assertEquals("completed", straight.get("stopped"));
        assertEquals(0, housing(concat(options, "--epochs", "2", "--checkpoint", checkpoint.toString())).code());
        assertEquals(0, CliRun.of("train", "--resume", checkpoint.toString(), "--epochs", "4", "--model", b.toString(),
                "--quiet").code());
        assertArrayEquals(Model.load(a).network().parameters(), Model.load(b).network().parameters());
        assertEquals("step:1:0.5", Model.load(b).provenance().configuration().get("lr-schedule"));

        Path cosine = dir.resolve("cosine.vpck");
        assertEquals(0, housing("--lr-schedule", "cosine:0.1", "--epochs", "1", "--checkpoint", cosine.toString())
                .code());
        CliRun longer = CliRun.of("train", "--resume", cosine.toString(), "--epochs", "2");
        assertEquals(2, longer.code());
        assertTrue(longer.err().contains("cannot go on with --lr-schedule cosine to other --epochs than the 1"),
                longer.err());
    }

    @Test
    void earlyStoppingStopsReportsTheBestEpochAndNeedsValidation() {
        Map<String, Object> stopped = json(housing("--validation", "0.1", "--epochs", "10", "--early-stopping", "2",
                "--min-delta", "100", "--json"));
        assertEquals(3.0, stopped.get("epochs"), "epoch 1 stays the best: stops after epoch 3");
        assertEquals(1.0, stopped.get("best_epoch"));
        assertEquals("early_stopping", stopped.get("stopped"));

        CliRun refused = housing("--early-stopping", "2");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("--early-stopping watches the validation split: give --validation"),
                refused.err());
        refused = housing("--early-stopping", "2", "--validation", "0.1", "--monitor", "accuracy");
        assertTrue(refused.code() == 2 && refused.err().contains("use --monitor loss"), refused.err());
    }

    @Test
    void badSchedulesAndResumingStatefulOnesAreRefused(@TempDir Path dir) {
        for (String bad : new String[] {"linear", "step:2.5", "exponential:2", "cosine:0.1:3"}) {
            CliRun run = housing("--lr-schedule", bad);
            assertTrue(run.code() == 2 && run.err().contains("--lr-schedule"), bad + ": " + run.err());
        }
        Path checkpoint = dir.resolve("p.vpck");
        assertEquals(0, housing("--lr-schedule", "plateau", "--epochs", "1", "--checkpoint", checkpoint.toString())
                .code());
        CliRun resumed = CliRun.of("train", "--resume", checkpoint.toString(), "--epochs", "2");
        assertEquals(2, resumed.code());
        assertTrue(resumed.err().contains("--resume cannot go on with --lr-schedule plateau"), resumed.err());
        String help = CliRun.of("train", "--help").out();
        for (String option : new String[] {"--lr-schedule", "--warmup", "--early-stopping", "--monitor", "--min-delta"}) {
            assertTrue(help.contains(option), option);
        }
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
