package dev.vectorprop.spark;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The parameters of {@link VectorpropClassifier} and {@link VectorpropRegressor} and of the models they fit: the
 * network, the loss and optimizer, the training loop and how it is spread over the cluster. Names and defaults
 * follow {@code vectorprop train}'s flags. (Spark finds a {@link Param} by its parent and name, so each call may
 * make a new one.)
 *
 * @param <T> the estimator or model, which the setters return
 */
public interface VectorpropParams<T extends VectorpropParams<T>> extends Params {
    default IntArrayParam layers() {
        return new IntArrayParam(this, "layers", "every layer width from the input to the output; empty: features, "
                + "64, 64, outputs (784, 512, 512, outputs for 784 features)");
    }

    default Param<String> activation() {
        return new Param<>(this, "activation", "hidden activation: relu, tanh, sigmoid, hard_tanh, sign or identity",
                ParamValidators.inArray(new String[] {"relu", "tanh", "sigmoid", "hard_tanh", "sign", "identity"}));
    }

    default Param<String> outputActivation() {
        return new Param<>(this, "outputActivation", "output activation; empty: softmax for classification, sigmoid "
                + "for msle, else identity");
    }

    default Param<String> loss() {
        return new Param<>(this, "loss", "classification: cross_entropy; regression: mse, msle or mae; empty: "
                + "cross_entropy or mse");
    }

    default Param<String> optimizer() {
        return new Param<>(this, "optimizer", "gd, sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw (mini-batch) "
                + "or lbfgs, cg (full-batch)", ParamValidators.inArray(new String[] {"gd", "sgd", "momentum", "nesterov",
                "adagrad", "rmsprop", "adam", "adamw", "lbfgs", "cg"}));
    }

    default DoubleParam learningRate() {
        return new DoubleParam(this, "learningRate", "learning rate (> 0)", ParamValidators.gt(0));
    }

    default DoubleParam momentum() {
        return new DoubleParam(this, "momentum", "μ of momentum and nesterov, in [0, 1)",
                ParamValidators.inRange(0, 1, true, false));
    }

    default DoubleParam beta1() {
        return new DoubleParam(this, "beta1", "Adam's first-moment decay, in [0, 1)",
                ParamValidators.inRange(0, 1, true, false));
    }

    default DoubleParam beta2() {
        return new DoubleParam(this, "beta2", "Adam's second-moment decay, in [0, 1)",
                ParamValidators.inRange(0, 1, true, false));
    }

    default DoubleParam epsilon() {
        return new DoubleParam(this, "epsilon", "the ε of Adam, AdaGrad and RMSProp (> 0)", ParamValidators.gt(0));
    }

    default DoubleParam l2() {
        return new DoubleParam(this, "l2", "L2 weight decay λ (≥ 0)", ParamValidators.gtEq(0));
    }

    default DoubleParam dropout() {
        return new DoubleParam(this, "dropout", "dropout rate after each hidden layer, in [0, 1)",
                ParamValidators.inRange(0, 1, true, false));
    }

    default BooleanParam batchNorm() {
        return new BooleanParam(this, "batchNorm", "batch normalization before each hidden activation (average "
                + "strategy only)");
    }

    default IntParam batchSize() {
        return new IntParam(this, "batchSize", "rows per step: of the global batch (gradient strategy) or of each "
                + "partition's local steps (average strategy)", ParamValidators.gt(0));
    }

    default IntParam epochs() {
        return new IntParam(this, "epochs", "passes over the data (iterations for lbfgs and cg)", ParamValidators.gt(0));
    }

    default LongParam seed() {
        return new LongParam(this, "seed", "seed of the weights, shuffling and dropout");
    }

    default IntParam threadsPerTask() {
        return new IntParam(this, "threadsPerTask", "threads of the local engine inside each task (and shards of its "
                + "batches); match spark.task.cpus", ParamValidators.gt(0));
    }

    default Param<String> strategy() {
        return new Param<>(this, "strategy", "auto, gradient (every step's gradient summed over the partitions: exact) "
                + "or average (syncEvery local steps per partition, then averaged); auto is gradient for gd, lbfgs "
                + "and cg, else average", ParamValidators.inArray(new String[] {"auto", "gradient", "average"}));
    }

    default IntParam syncEvery() {
        return new IntParam(this, "syncEvery", "average strategy: local steps between two averagings",
                ParamValidators.gt(0));
    }

    default Param<String> scale() {
        return new Param<>(this, "scale", "input scaling fitted over the cluster and kept in the model (and of "
                + "regression targets): zscore, minmax or none", ParamValidators.inArray(new String[] {"zscore",
                "minmax", "none"}));
    }

    default Param<String> weightCol() {
        return new Param<>(this, "weightCol", "a column of row weights ≥ 0; empty: every row weighs 1");
    }

    /** Sets every default; each estimator and model calls it once, from its constructor. */
    static void setDefaults(VectorpropParams<?> p) {
        p.setDefault(p.layers(), new int[0]);
        p.setDefault(p.activation(), "relu");
        p.setDefault(p.outputActivation(), "");
        p.setDefault(p.loss(), "");
        p.setDefault(p.optimizer(), "adam");
        p.setDefault(p.learningRate(), 0.001);
        p.setDefault(p.momentum(), 0.9);
        p.setDefault(p.beta1(), 0.9);
        p.setDefault(p.beta2(), 0.999);
        p.setDefault(p.epsilon(), 1e-8);
        p.setDefault(p.l2(), 0.0);
        p.setDefault(p.dropout(), 0.0);
        p.setDefault(p.batchNorm(), false);
        p.setDefault(p.batchSize(), 64);
        p.setDefault(p.epochs(), 10);
        p.setDefault(p.seed(), 0L);
        p.setDefault(p.threadsPerTask(), 1);
        p.setDefault(p.strategy(), "auto");
        p.setDefault(p.syncEvery(), 128);
        p.setDefault(p.scale(), "zscore");
        p.setDefault(p.weightCol(), "");
    }

    @SuppressWarnings("unchecked")
    private T with(Param<?> param, Object value) {
        set((Param<Object>) param, value);
        return (T) this;
    }

    default T setLayers(int... widths) {
        return with(layers(), widths);
    }

    default T setActivation(String name) {
        return with(activation(), name);
    }

    default T setOutputActivation(String name) {
        return with(outputActivation(), name);
    }

    default T setLoss(String name) {
        return with(loss(), name);
    }

    default T setOptimizer(String name) {
        return with(optimizer(), name);
    }

    default T setLearningRate(double rate) {
        return with(learningRate(), rate);
    }

    default T setMomentum(double mu) {
        return with(momentum(), mu);
    }

    default T setBeta1(double beta) {
        return with(beta1(), beta);
    }

    default T setBeta2(double beta) {
        return with(beta2(), beta);
    }

    default T setEpsilon(double epsilon) {
        return with(epsilon(), epsilon);
    }

    default T setL2(double lambda) {
        return with(l2(), lambda);
    }

    default T setDropout(double rate) {
        return with(dropout(), rate);
    }

    default T setBatchNorm(boolean on) {
        return with(batchNorm(), on);
    }

    default T setBatchSize(int rows) {
        return with(batchSize(), rows);
    }

    default T setEpochs(int epochs) {
        return with(epochs(), epochs);
    }

    default T setSeed(long seed) {
        return with(seed(), seed);
    }

    default T setThreadsPerTask(int threads) {
        return with(threadsPerTask(), threads);
    }

    default T setStrategy(String strategy) {
        return with(strategy(), strategy);
    }

    default T setSyncEvery(int steps) {
        return with(syncEvery(), steps);
    }

    default T setScale(String kind) {
        return with(scale(), kind);
    }

    default T setWeightCol(String column) {
        return with(weightCol(), column);
    }

    default int[] getLayers() {
        return getOrDefault(layers());
    }

    default String getActivation() {
        return getOrDefault(activation());
    }

    default String getOutputActivation() {
        return getOrDefault(outputActivation());
    }

    default String getLoss() {
        return getOrDefault(loss());
    }

    default String getOptimizer() {
        return getOrDefault(optimizer());
    }

    default double getLearningRate() {
        return (Double) getOrDefault(learningRate());
    }

    default double getMomentum() {
        return (Double) getOrDefault(momentum());
    }

    default double getBeta1() {
        return (Double) getOrDefault(beta1());
    }

    default double getBeta2() {
        return (Double) getOrDefault(beta2());
    }

    default double getEpsilon() {
        return (Double) getOrDefault(epsilon());
    }

    default double getL2() {
        return (Double) getOrDefault(l2());
    }

    default double getDropout() {
        return (Double) getOrDefault(dropout());
    }

    default boolean getBatchNorm() {
        return (Boolean) getOrDefault(batchNorm());
    }

    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    default int getEpochs() {
        return (Integer) getOrDefault(epochs());
    }

    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    default int getThreadsPerTask() {
        return (Integer) getOrDefault(threadsPerTask());
    }

    default String getStrategy() {
        return getOrDefault(strategy());
    }

    default int getSyncEvery() {
        return (Integer) getOrDefault(syncEvery());
    }

    default String getScale() {
        return getOrDefault(scale());
    }

    default String getWeightCol() {
        return getOrDefault(weightCol());
    }
}
