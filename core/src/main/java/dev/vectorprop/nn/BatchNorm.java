package dev.vectorprop.nn;

import dev.vectorprop.kernel.Kernels;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batch normalization, then an optional activation: {@code h = f(γ · (x − μ) / √(σ² + ε) + β)}.
 * Training normalizes with the batch's own statistics (per shard when a batch is sharded) and folds
 * them into running averages; inference uses the running averages.
 */
public final class BatchNorm extends Layer {
    static final float EPSILON = 1e-5f;
    /** Weight of a new batch in the running averages, as in PyTorch. */
    static final float MOMENTUM = 0.1f;

    private final Activation activation;
    final float[] runningMean;
    final float[] runningVariance;

    BatchNorm(int width, Activation activation) {
        super(width, width);
        if (activation == Activation.SOFTMAX) {
            throw new IllegalArgumentException("batch norm takes an element-wise activation, not softmax");
        }
        this.activation = activation;
        runningMean = new float[width];
        runningVariance = new float[width];
        Arrays.fill(runningVariance, 1f);
    }

    public Activation activation() {
        return activation;
    }

    public float[] runningMean() {
        return runningMean;
    }

    public float[] runningVariance() {
        return runningVariance;
    }

    private int gammaOffset() {
        return parameterOffset;
    }

    private int betaOffset() {
        return parameterOffset + outputs;
    }

    @Override
    public int parameterCount() {
        return 2 * outputs;
    }

    @Override
    void initialize(float[] parameters, SplittableRandom random) {
        Arrays.fill(parameters, gammaOffset(), gammaOffset() + outputs, 1f);
        Arrays.fill(parameters, betaOffset(), betaOffset() + outputs, 0f);
    }

    @Override
    Layer copy() {
        BatchNorm copy = new BatchNorm(inputs, activation);
        System.arraycopy(runningMean, 0, copy.runningMean, 0, outputs);
        System.arraycopy(runningVariance, 0, copy.runningVariance, 0, outputs);
        return copy;
    }

    @Override
    State newState(int maxRows) {
        return new NormState(maxRows, outputs, activation != Activation.IDENTITY);
    }

    @Override
    float[] forward(Kernels k, State state, int rows, float[] x, float[] parameters, boolean training) {
        NormState s = (NormState) state;
        int w = outputs;
        if (training) {
            Arrays.fill(s.batchMean, 0f);
            Arrays.fill(s.batchVariance, 0f);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < w; j++) {
                    s.batchMean[j] += x[i * w + j];
                }
            }
            for (int j = 0; j < w; j++) {
                s.batchMean[j] /= rows;
            }
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < w; j++) {
                    float d = x[i * w + j] - s.batchMean[j];
                    s.batchVariance[j] += d * d;
                }
            }
            for (int j = 0; j < w; j++) {
                s.batchVariance[j] /= rows;
            }
            s.trainingRows = rows;
        }
        float[] mean = training ? s.batchMean : runningMean;
        float[] variance = training ? s.batchVariance : runningVariance;
        for (int j = 0; j < w; j++) {
            s.inverseStd[j] = (float) (1.0 / Math.sqrt(variance[j] + EPSILON));
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < w; j++) {
                int at = i * w + j;
                float normalized = (x[at] - mean[j]) * s.inverseStd[j];
                s.normalized[at] = normalized;
                s.y[at] = parameters[gammaOffset() + j] * normalized + parameters[betaOffset() + j];
            }
        }
        activation.forward(k, rows, w, s.y, s.h);
        return s.h;
    }

    @Override
    void backward(Kernels k, State state, int rows, float[] x, float[] parameters, float[] grads, float[] dx,
                  boolean deltaIsPreActivation) {
        NormState s = (NormState) state;
        int w = outputs;
        activation.backward(k, rows, w, s.y, s.h, s.delta);
        float[] dGamma = s.dGamma;
        float[] dBeta = s.dBeta;
        Arrays.fill(dGamma, 0f);
        Arrays.fill(dBeta, 0f);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < w; j++) {
                int at = i * w + j;
                dGamma[j] += s.delta[at] * s.normalized[at];
                dBeta[j] += s.delta[at];
            }
        }
        System.arraycopy(dGamma, 0, grads, gammaOffset(), w);
        System.arraycopy(dBeta, 0, grads, betaOffset(), w);
        if (dx == null) {
            return;
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < w; j++) {
                int at = i * w + j;
                float scale = parameters[gammaOffset() + j] * s.inverseStd[j] / rows;
                dx[at] = scale * (rows * s.delta[at] - dBeta[j] - s.normalized[at] * dGamma[j]);
            }
        }
    }

    /** Pools the shards' batch statistics exactly, then moves the running averages toward them. */
    @Override
    void afterStep(List<Workspace> workspaces, int index) {
        int total = 0;
        for (int w = 0; w < workspaces.size(); w++) {
            total += state(workspaces, w, index).trainingRows;
        }
        if (total == 0) {
            return;
        }
        for (int j = 0; j < outputs; j++) {
            double mean = 0;
            for (int w = 0; w < workspaces.size(); w++) {
                NormState s = state(workspaces, w, index);
                mean += (double) s.trainingRows * s.batchMean[j];
            }
            mean /= total;
            double variance = 0;
            for (int w = 0; w < workspaces.size(); w++) {
                NormState s = state(workspaces, w, index);
                double d = s.batchMean[j] - mean;
                variance += s.trainingRows * (s.batchVariance[j] + d * d);
            }
            double unbiased = total > 1 ? variance / (total - 1) : variance;
            runningMean[j] = (float) ((1 - MOMENTUM) * runningMean[j] + MOMENTUM * mean);
            runningVariance[j] = (float) ((1 - MOMENTUM) * runningVariance[j] + MOMENTUM * unbiased);
        }
        for (int w = 0; w < workspaces.size(); w++) {
            state(workspaces, w, index).trainingRows = 0;
        }
    }

    private static NormState state(List<Workspace> workspaces, int w, int index) {
        return (NormState) workspaces.get(w).states[index];
    }

    @Override
    public String toString() {
        return "BatchNorm(" + outputs + ", " + activation + ")";
    }

    private static final class NormState extends State {
        final float[] batchMean;
        final float[] batchVariance;
        final float[] inverseStd;
        final float[] dGamma;
        final float[] dBeta;
        final float[] normalized;
        final float[] y;
        final float[] h;
        int trainingRows;

        NormState(int maxRows, int width, boolean separateOutput) {
            super(maxRows * width);
            batchMean = new float[width];
            batchVariance = new float[width];
            inverseStd = new float[width];
            dGamma = new float[width];
            dBeta = new float[width];
            normalized = new float[maxRows * width];
            y = new float[maxRows * width];
            h = separateOutput ? new float[maxRows * width] : y;
        }
    }
}
