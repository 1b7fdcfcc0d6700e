package dev.vectorprop.samples;

import dev.vectorprop.train.EpochResult;
import dev.vectorprop.train.TrainingListener;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress for a person: on a terminal, one line redrawn a few times a second (epoch, bar,
 * samples/s, smoothed loss, time left in the epoch); elsewhere, one plain line per epoch.
 */
final class Progress implements TrainingListener {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean terminal;
    private final int epochs;
    private final int batchSize;
    private long epochStarted;
    private long lastDrawn;

    Progress(PrintStream out, boolean terminal, int epochs, int batchSize) {
        this.out = out;
        this.terminal = terminal;
        this.epochs = epochs;
        this.batchSize = batchSize;
    }

    /** Whether standard output is an interactive terminal. */
    static boolean onTerminal() {
        return System.console() != null && System.console().isTerminal();
    }

    @Override
    public void onBatch(int epoch, int batch, int batches, double batchLoss, double smoothedLoss) {
        long now = System.nanoTime();
        if (batch == 1) {
            epochStarted = now;
        }
        if (!terminal || now - lastDrawn < REDRAW_NANOS && batch != batches) {
            return;
        }
        lastDrawn = now;
        double seconds = (now - epochStarted) / 1e9;
        double perSecond = batch * (double) batchSize / Math.max(seconds, 1e-9);
        double left = seconds / batch * (batches - batch);
        int filled = (int) ((long) BAR * batch / batches);
        out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d  %,.0f samples/s  loss %.4f  ETA %.0f s   ", epoch, epochs,
                "=".repeat(filled), " ".repeat(BAR - filled), batch, batches, perSecond, smoothedLoss, left);
        out.flush();
    }

    @Override
    public void onEpoch(EpochResult r) {
        if (terminal) {
            out.print("\r" + " ".repeat(100) + "\r");
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f", r.epoch(), epochs,
                r.trainingLoss()));
        if (!Double.isNaN(r.validationLoss())) {
            line.append(String.format(Locale.ROOT, "  validation loss %.4f", r.validationLoss()));
        }
        if (!Double.isNaN(r.validationAccuracy())) {
            line.append(String.format(Locale.ROOT, "  validation accuracy %.4f", r.validationAccuracy()));
        }
        line.append(String.format(Locale.ROOT, "  lr %.3g  %.2f s  %,.0f samples/s", r.learningRate(), r.seconds(),
                r.samplesPerSecond()));
        out.println(line);
    }
}
