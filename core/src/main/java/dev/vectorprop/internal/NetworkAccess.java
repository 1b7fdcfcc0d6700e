package dev.vectorprop.internal;

import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Network;

import java.util.List;

/**
 * What the trainer needs of a network that a user should not see: its workspaces and the layers' hooks
 * around a step. {@code Network} registers the implementation when its class is initialised (so it is
 * set before any network exists), in the way the JDK's own packages share internals; this package is
 * not exported.
 */
public final class NetworkAccess {
    /** The operations, implemented inside {@code dev.vectorprop.nn}. */
    public interface Operations {
        /** A workspace for up to {@code maxRows} rows, for training or prediction on one thread. */
        Shard newShard(Network network, int maxRows);

        /**
         * Once the batch's gradients of parameters {@code [from, to)} are summed: each layer adds its own
         * terms (L2 weight decay, {@code l2 · W} on dense weights) unless gradients is null; returns the
         * penalty they add to the loss, {@code l2/2 · ‖W‖²}.
         */
        double afterGradients(Network network, Kernels k, float l2, float[] gradients, int from, int to);

        /** After the update: layers fold what the step's shards measured into the model (batch norm's statistics). */
        void afterStep(Network network, List<Shard> shards);
    }

    private static Operations operations;

    private NetworkAccess() {
    }

    public static void register(Operations implementation) {
        operations = implementation;
    }

    public static Operations get() {
        return operations;
    }
}
