package dev.vectorprop.spark;

import dev.vectorprop.nn.Model;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * A fitted {@link VectorpropRegressor}: adds a {@code prediction} column, in the label's units.
 * {@link #model()} is the core model, to serve outside Spark.
 */
public final class VectorpropRegressionModel extends RegressionModel<Vector, VectorpropRegressionModel>
        implements VectorpropParams<VectorpropRegressionModel>, MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final SavedModel saved;

    VectorpropRegressionModel(String uid, SavedModel saved) {
        this.uid = uid;
        this.saved = saved;
        super();
        VectorpropParams.setDefaults(this);
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The core model: {@code model().predictor()} serves it, {@code model().save(path)} writes its file. */
    public Model model() {
        return saved.model();
    }

    @Override
    public int numFeatures() {
        return model().network().inputs();
    }

    @Override
    public double predict(Vector features) {
        return saved.predict(features, getFeaturesCol())[0];
    }

    @Override
    public VectorpropRegressionModel copy(ParamMap extra) {
        return copyValues(new VectorpropRegressionModel(uid, saved), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return SavedModel.writer(this, saved);
    }

    public static MLReader<VectorpropRegressionModel> read() {
        return SavedModel.reader(VectorpropRegressionModel.class, VectorpropRegressionModel::new);
    }

    public static VectorpropRegressionModel load(String path) {
        return read().load(path);
    }
}
