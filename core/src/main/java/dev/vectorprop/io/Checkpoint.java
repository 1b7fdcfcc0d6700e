package dev.vectorprop.io;

import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.train.EpochResult;
import dev.vectorprop.train.Trainer;
import dev.vectorprop.train.TrainingListener;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A training checkpoint: the whole model (network, scalers, names, provenance) and everything the trainer
 * needs to go on as if it had never stopped — epochs and steps done (which fix the next epoch's order and
 * the next dropout masks), the optimizer's state, and where the epoch in progress stands. Same frame as a
 * model file (magic "VPCK"); the payload is the model payload, then epochs (int), steps (long), optimizer
 * steps (long), the optimizer state's array count (int) and each array as a length (int) and floats, then
 * the batches done in the epoch in progress (int), their summed loss, the smoothed loss and the smoothed
 * loss at the end of the last epoch (doubles). Written atomically. A checkpoint's version is its model
 * payload's.
 *
 * <p>Version 1 (a version-1 model payload and no epoch in progress: saved at an epoch boundary) is still read.
 */
public final class Checkpoint {
    public static final int MAGIC = 0x5650434B;
    public static final int VERSION = ModelFile.VERSION;

    /** What a checkpoint holds. */
    public record Contents(Model model, Trainer.Progress progress) {
    }

    private Checkpoint() {
    }

    /**
     * A listener that saves a checkpoint of {@code model}, whose network is the one being trained, to
     * {@code file} every {@code epochs} epochs and after the last epoch of each fit.
     */
    public static TrainingListener every(int epochs, Path file, Model model) {
        if (epochs <= 0) {
            throw new IllegalArgumentException("checkpoint interval must be positive, got " + epochs);
        }
        return new TrainingListener() {
            @Override
            public void afterEpoch(Trainer trainer, Network network, EpochResult result, boolean lastOfFit) {
                if (network != model.network()) {
                    throw new IllegalStateException("the checkpoint listener was given the model of another network");
                }
                if (result.epoch() % epochs == 0 || lastOfFit) {
                    try {
                        save(file, model, trainer);
                    } catch (IOException e) {
                        throw new UncheckedIOException("could not write the checkpoint " + file, e);
                    }
                }
            }
        };
    }

    /** Saves the model (its network as it stands now) and where the trainer stands, atomically. */
    public static void save(Path file, Model model, Trainer trainer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(ModelFile.payload(model));
        Trainer.Progress progress = trainer.progress();
        out.writeInt(progress.epochs());
        out.writeLong(progress.steps());
        out.writeLong(progress.optimizerSteps());
        out.writeInt(progress.optimizerState().length);
        for (float[] array : progress.optimizerState()) {
            out.writeInt(array.length);
            ModelFile.writeFloats(out, array);
        }
        out.writeInt(progress.batches());
        out.writeDouble(progress.epochLoss());
        out.writeDouble(progress.smoothedLoss());
        out.writeDouble(progress.previousEpochSmoothedLoss());
        ModelFile.writeAtomically(file, ModelFile.envelope(MAGIC, VERSION, bytes.toByteArray()));
    }

    public static Contents load(Path file) throws IOException {
        String source = file.toString();
        ModelFile.Frame frame = ModelFile.open(source, ModelFile.bytesOf(file, "a checkpoint"), MAGIC, VERSION,
                "checkpoint");
        ByteBuffer in = frame.payload();
        try {
            Model model = ModelFile.parse(source, in, frame.version());
            int epochs = in.getInt();
            long steps = in.getLong();
            long optimizerSteps = in.getLong();
            int arrays = in.getInt();
            if (arrays < 0 || arrays > 8) {
                throw new IOException(source + " is corrupt: " + arrays + " optimizer state arrays");
            }
            float[][] state = new float[arrays][];
            for (int i = 0; i < arrays; i++) {
                state[i] = ModelFile.readFloats(in, in.getInt());
            }
            Trainer.Progress progress = frame.version() == 1 ? new Trainer.Progress(epochs, steps, optimizerSteps, state)
                    : new Trainer.Progress(epochs, steps, optimizerSteps, state, in.getInt(), in.getDouble(),
                            in.getDouble(), in.getDouble());
            if (in.hasRemaining()) {
                throw new IOException(source + " is corrupt: " + in.remaining() + " bytes after the last field");
            }
            return new Contents(model, progress);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IOException(source + " is corrupt: " + (e.getMessage() != null ? e.getMessage()
                    : "a field runs past the end of the payload"), e);
        }
    }
}
