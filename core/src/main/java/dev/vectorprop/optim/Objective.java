package dev.vectorprop.optim;

/**
 * A differentiable function of a network's parameters, what a {@link FullBatchOptimizer} minimises: the
 * trainer's full-batch loss, or a data-parallel driver's sum over its partitions of each one's loss and gradient.
 */
@FunctionalInterface
public interface Objective {
    /** The value at {@code parameters}, and its gradient written into {@code gradient} (laid out alike). */
    double evaluate(float[] parameters, float[] gradient);
}
