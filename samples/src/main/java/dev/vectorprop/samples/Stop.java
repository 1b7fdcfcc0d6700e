package dev.vectorprop.samples;

import dev.vectorprop.io.Checkpoint;
import dev.vectorprop.nn.Model;
import dev.vectorprop.train.Trainer;
import dev.vectorprop.train.TrainingDivergedException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How a {@code train} run that stops early ends: what it saves, the one line it says, its exit code. */
final class Stop {
    private Stop() {
    }

    /** A signal stopped training after a step: saves what was asked for, atomically, and says so on one line. */
    static int interrupted(Trainer trainer, Model current, int batches, Path model, Path checkpoint)
            throws IOException {
        Trainer.Progress at = trainer.progress();
        String where = at.batches() == 0 ? "after epoch " + at.epochs()
                : "in epoch " + (at.epochs() + 1) + " at batch " + at.batches() + " of " + batches;
        List<String> saved = new ArrayList<>();
        if (checkpoint != null) {
            Checkpoint.save(checkpoint, current, trainer);
            saved.add("checkpoint to " + checkpoint);
        }
        return interrupted(where, current, model, saved);
    }

    /** A run on a {@link TrainBackend} stopped by a signal, which keeps no checkpoint: the model as it stands. */
    static int interrupted(String where, Model current, Path model) throws IOException {
        return interrupted(where, current, model, new ArrayList<>());
    }

    /** Saves the model (when asked) as it stands {@code where}, after what {@code saved} lists, and says so. */
    private static int interrupted(String where, Model current, Path model, List<String> saved) throws IOException {
        if (model != null) {
            Configuration.noted(current, "stopped", "interrupted " + where).save(model);
            saved.addFirst("model to " + model);
        }
        System.err.println("vectorprop: interrupted " + where + ": " + (saved.isEmpty()
                ? "nothing saved (no --model or --checkpoint)" : "saved " + String.join(" and ", saved)));
        return Cli.EXIT_INTERRUPTED;
    }

    /** A loss or gradient stopped being finite: one line, and with --model the last completed epoch's weights. */
    static int diverged(TrainingDivergedException e, LastGoodEpoch lastGood, Model current, Path model)
            throws IOException {
        String outcome;
        if (lastGood.epoch() < 0) {
            outcome = "no epoch completed, nothing saved";
        } else if (model != null) {
            lastGood.restore();
            Configuration.noted(current, "stopped", "diverged in epoch " + e.epoch() + "; weights of epoch "
                    + lastGood.epoch()).save(model);
            outcome = "the last good epoch is " + lastGood.epoch() + ", its model saved to " + model;
        } else {
            outcome = "the last good epoch is " + lastGood.epoch() + " (--model would have saved it)";
        }
        System.err.println("vectorprop: training diverged in epoch " + e.epoch() + " at batch " + e.batch() + " ("
                + e.reason() + "); " + outcome + ". Try a lower --lr or --l2, or scaled inputs.");
        return Cli.EXIT_BAD_INPUT;
    }
}
