package dev.vectorprop.optim;

/** An optimizer whose state is one running array of squared gradients (AdaGrad, RMSProp). */
abstract class SquaresOptimizer extends Optimizer {
    protected final float epsilon;
    protected float[] squares;

    SquaresOptimizer(float learningRate, float epsilon) {
        super(learningRate);
        this.epsilon = checkPositive("epsilon", epsilon);
    }

    @Override
    public void prepare(int size) {
        squares = sized(squares, size);
    }

    @Override
    public float[][] state() {
        return squares == null ? new float[0][] : new float[][] {squares};
    }

    @Override
    public void restore(long steps, float[][] state) {
        float[][] arrays = copies(state, 1, toString());
        squares = arrays.length == 0 ? null : arrays[0];
    }
}
