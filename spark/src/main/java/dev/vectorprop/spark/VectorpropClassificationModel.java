package dev.vectorprop.spark;

import dev.vectorprop.nn.Model;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * A fitted {@link VectorpropClassifier}: adds {@code prediction}, {@code probability} (the softmax) and
 * {@code rawPrediction} (its logarithm) columns. {@link #model()} is the core model, to serve outside Spark.
 */
public final class VectorpropClassificationModel
        extends ProbabilisticClassificationModel<Vector, VectorpropClassificationModel>
        implements VectorpropParams<VectorpropClassificationModel>, MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final SavedModel saved;

    VectorpropClassificationModel(String uid, SavedModel saved) {
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
    public int numClasses() {
        return model().network().outputs();
    }

    @Override
    public int numFeatures() {
        return model().network().inputs();
    }

    @Override
    public Vector predictRaw(Vector features) {
        float[] p = saved.predict(features, getFeaturesCol());
        double[] raw = new double[p.length];
        for (int k = 0; k < p.length; k++) {
            raw[k] = Math.log(Math.max(p[k], Float.MIN_VALUE)); // a probability rounded to 0: very small, not −∞
        }
        return Vectors.dense(raw);
    }

    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        double[] v = ((DenseVector) rawPrediction).values();
        double sum = 0;
        for (int k = 0; k < v.length; k++) {
            v[k] = Math.exp(v[k]);
            sum += v[k];
        }
        for (int k = 0; k < v.length; k++) {
            v[k] /= sum;
        }
        return rawPrediction;
    }

    @Override // both Spark parents declare it, with return types Java sees as unrelated: raw satisfies both
    @SuppressWarnings("rawtypes")
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public VectorpropClassificationModel copy(ParamMap extra) {
        return copyValues(new VectorpropClassificationModel(uid, saved), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return SavedModel.writer(this, saved);
    }

    public static MLReader<VectorpropClassificationModel> read() {
        return SavedModel.reader(VectorpropClassificationModel.class, VectorpropClassificationModel::new);
    }

    public static VectorpropClassificationModel load(String path) {
        return read().load(path);
    }
}
