package dev.vectorprop.samples;

import dev.vectorprop.train.Trainer;
import dev.vectorprop.train.TrainingListener;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SIGINT and SIGTERM while training: instead of the JVM exiting, the trainer stops after the step in progress,
 * so that the command can save the model and checkpoint and exit 130. The signals are handled only between
 * {@link #watch} and {@link #close}, the JVM's own handlers being put back after.
 */
final class Interrupt implements TrainingListener, AutoCloseable {
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private volatile boolean requested;
    private Trainer trainer;

    void watch(Trainer trainer) {
        this.trainer = trainer;
        for (String name : new String[] {"INT", "TERM"}) {
            Signal signal = new Signal(name);
            try {
                previous.put(signal, Signal.handle(signal, s -> {
                    requested = true;
                    trainer.cancel();
                }));
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal (e.g. under -Xrs): it then ends the process as usual
            }
        }
    }

    /** Whether a signal came. */
    boolean requested() {
        return requested;
    }

    @Override
    public void onBatch(int epoch, int batch, int batches, double batchLoss, double smoothedLoss) {
        if (requested) {
            trainer.cancel(); // again: a signal that came before fit began was cleared by it
        }
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
