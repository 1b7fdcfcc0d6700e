package dev.vectorprop.spark;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * Trains a vectorprop network to predict a numeric {@code label} column from a {@code features} vector column, on
 * the cluster; see {@link VectorpropParams} for the network and training parameters. The target is scaled as the
 * inputs are, and predictions are mapped back.
 */
public final class VectorpropRegressor extends Regressor<Vector, VectorpropRegressor, VectorpropRegressionModel>
        implements VectorpropParams<VectorpropRegressor>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;

    public VectorpropRegressor() {
        this(Identifiable.randomUID("vectorpropRegressor"));
    }

    public VectorpropRegressor(String uid) {
        this.uid = uid; // before super(): Spark's params take their owner's uid as they are made
        super();
        VectorpropParams.setDefaults(this);
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public VectorpropRegressionModel fit(Dataset<?> dataset) {
        Fitting.checkLabel(dataset.schema(), getLabelCol());
        return super.fit(dataset);
    }

    @Override
    public VectorpropRegressionModel train(Dataset<?> dataset) {
        return new VectorpropRegressionModel(uid, new SavedModel(Fitting.fit(this, dataset, getFeaturesCol(),
                getLabelCol(), 0)));
    }

    @Override
    public VectorpropRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<VectorpropRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static VectorpropRegressor load(String path) {
        return read().load(path);
    }
}
