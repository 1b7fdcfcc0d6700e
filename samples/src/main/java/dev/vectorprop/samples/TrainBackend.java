package dev.vectorprop.samples;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Reduction;
import dev.vectorprop.optim.OptimizerSettings;
import dev.vectorprop.train.History;
import dev.vectorprop.train.TrainingListener;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Where {@code train} runs its epochs when not in this JVM's trainer: how a launcher such as
 * {@code vectorprop-spark} keeps every flag, the report and the JSON of {@code vectorprop train} and replaces only
 * the training loop. Loading, splitting, scaling, the network and the test report stay the command's.
 */
public interface TrainBackend {
    /** What the command decided: the backend trains with exactly this. */
    record Plan(Loss loss, Reduction reduction, float l2, OptimizerSettings optimizer, int batch, int epochs, long seed,
                Integer threads) {
    }

    /** A picocli-annotated object whose options {@code train} takes besides its own. */
    Object options();

    /** A data file the command reads as CSV: {@code data} itself, or a CSV copy of a format the backend reads. */
    String dataFile(String data) throws IOException;

    /**
     * Trains {@code network} in place on the scaled training rows, telling {@code listeners} of each epoch (with
     * the validation figures when {@code validation} is not null), and stops early, cancelled, once {@code stop}
     * says so (a signal came).
     */
    History fit(Plan plan, Network network, Dataset train, Dataset validation, List<TrainingListener> listeners,
                BooleanSupplier stop);

    /** Where {@code train}'s progress line says it trains, e.g. "Spark local[2], 2 partitions". */
    String describe();
}
