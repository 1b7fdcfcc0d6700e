package dev.vectorprop.optim;

import java.io.Serializable;

/**
 * An optimizer by name and hyper-parameters, as a value: what a command line or a cluster job configures and
 * ships, and builds a fresh optimizer from wherever it trains. The settings a kind does not use are ignored.
 *
 * @param momentum         μ of momentum and Nesterov
 * @param beta1            Adam's and AdamW's first-moment decay
 * @param beta2            their second-moment decay
 * @param rho              RMSProp's decay of squared gradients
 * @param epsilon          the ε of Adam, AdamW, AdaGrad and RMSProp
 * @param weightDecay      AdamW's decoupled weight decay
 * @param lbfgsMemory      the steps L-BFGS remembers
 * @param gradientTolerance L-BFGS and CG stop when no gradient component exceeds it
 * @param cgFormula        conjugate gradient's β
 */
public record OptimizerSettings(Kind kind, float learningRate, float momentum, float beta1, float beta2, float rho,
                                float epsilon, float weightDecay, int lbfgsMemory, double gradientTolerance,
                                ConjugateGradient.Formula cgFormula) implements Serializable {
    /** GD is SGD on full batches; LBFGS and CG are the full-batch methods. */
    public enum Kind { GD, SGD, MOMENTUM, NESTEROV, ADAGRAD, RMSPROP, ADAM, ADAMW, LBFGS, CG }

    public OptimizerSettings {
        if (kind == null || cgFormula == null) {
            throw new IllegalArgumentException("an optimizer needs a kind and a conjugate-gradient formula");
        }
    }

    /** The kind with vectorprop's defaults: rate 0.001, μ 0.9, β 0.9/0.999, ρ 0.9, ε 1e-8, AdamW's 0.01, memory 10. */
    public static OptimizerSettings of(Kind kind) {
        return new OptimizerSettings(kind, 0.001f, 0.9f, 0.9f, 0.999f, 0.9f, 1e-8f, 0.01f, 10, 1e-5,
                ConjugateGradient.Formula.POLAK_RIBIERE);
    }

    public OptimizerSettings withLearningRate(float rate) {
        return new OptimizerSettings(kind, rate, momentum, beta1, beta2, rho, epsilon, weightDecay, lbfgsMemory,
                gradientTolerance, cgFormula);
    }

    /** Whether this is L-BFGS or CG, which iterate on the whole data's loss and gradient. */
    public boolean isFullBatch() {
        return kind == Kind.LBFGS || kind == Kind.CG;
    }

    /** A new mini-batch optimizer. */
    public Optimizer newOptimizer() {
        return switch (kind) {
            case GD, SGD -> new Sgd(learningRate);
            case MOMENTUM -> Momentum.classic(learningRate, momentum);
            case NESTEROV -> Momentum.nesterov(learningRate, momentum);
            case ADAGRAD -> new AdaGrad(learningRate, epsilon);
            case RMSPROP -> new RmsProp(learningRate, rho, epsilon);
            case ADAM -> new Adam(learningRate, beta1, beta2, epsilon);
            case ADAMW -> new AdamW(learningRate, beta1, beta2, epsilon, weightDecay);
            case LBFGS, CG -> throw new IllegalStateException(kind + " is a full-batch method: use newFullBatch");
        };
    }

    /** A new full-batch method (L-BFGS or CG). */
    public FullBatchOptimizer newFullBatch() {
        return switch (kind) {
            case LBFGS -> new Lbfgs(lbfgsMemory, gradientTolerance);
            case CG -> new ConjugateGradient(cgFormula, gradientTolerance);
            default -> throw new IllegalStateException(kind + " is a mini-batch optimizer: use newOptimizer");
        };
    }
}
