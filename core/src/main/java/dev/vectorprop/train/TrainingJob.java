package dev.vectorprop.train;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Predictor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Training in the background of a server: runs {@link Trainer#fit} on an executor the application
 * owns, publishes a {@link Predictor} of the weights after every epoch (taken on the training thread,
 * between steps, so it is never torn), and can be cancelled. It starts no thread of its own.
 */
public final class TrainingJob {
    private final Trainer trainer;
    private final Network network;
    private final CompletableFuture<History> result = new CompletableFuture<>();
    private volatile Predictor latest;
    private volatile EpochResult lastEpoch;

    private TrainingJob(Trainer.Builder builder, Network network) {
        this.network = network;
        this.trainer = builder.listener(new Publisher()).build();
        this.latest = Predictor.of(network, trainer.kernels());
    }

    /**
     * Builds the trainer (adding the job's own listener) and starts training on {@code executor}.
     * {@code validation} may be null.
     */
    public static TrainingJob start(Trainer.Builder builder, Network network, Dataset train, Dataset validation,
                                    Executor executor) {
        TrainingJob job = new TrainingJob(builder, network);
        executor.execute(() -> {
            try {
                job.result.complete(job.trainer.fit(network, train, validation));
            } catch (Throwable e) {
                job.result.completeExceptionally(e);
            }
        });
        return job;
    }

    /** Publishes each epoch's weights; runs on the training thread, between steps. */
    private final class Publisher implements TrainingListener {
        @Override
        public void onEpoch(EpochResult epoch) {
            lastEpoch = epoch;
            latest = Predictor.of(network, trainer.kernels());
        }
    }

    /** Completes with the history when training ends (cancelled included), or with its exception. */
    public CompletableFuture<History> result() {
        return result;
    }

    /** A predictor over the weights as they were after the last finished epoch (the initial ones before). */
    public Predictor latestPredictor() {
        return latest;
    }

    /** The last finished epoch's figures, or null before the first. */
    public EpochResult lastEpoch() {
        return lastEpoch;
    }

    /** Stops training after the current batch; {@link #result()} then completes as cancelled. */
    public void cancel() {
        trainer.cancel();
    }
}
