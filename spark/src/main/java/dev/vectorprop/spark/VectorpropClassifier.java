package dev.vectorprop.spark;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * Trains a vectorprop network to classify rows of a {@code features} vector column into the classes of a
 * numeric {@code label} column (0 … k−1, as a {@code StringIndexer} makes them), on the cluster; see
 * {@link VectorpropParams} for the network and training parameters.
 *
 * <pre>{@code
 * VectorpropClassificationModel model = new VectorpropClassifier()
 *         .setLayers(784, 512, 512, 10).setEpochs(10).fit(train);
 * model.transform(test).select("prediction", "probability");
 * }</pre>
 */
public final class VectorpropClassifier
        extends ProbabilisticClassifier<Vector, VectorpropClassifier, VectorpropClassificationModel>
        implements VectorpropParams<VectorpropClassifier>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    /** Most classes a label column may have. */
    private static final int MAX_CLASSES = 100_000;

    private final String uid;

    public VectorpropClassifier() {
        this(Identifiable.randomUID("vectorpropClassifier"));
    }

    public VectorpropClassifier(String uid) {
        this.uid = uid; // before super(): Spark's params take their owner's uid as they are made
        super();
        VectorpropParams.setDefaults(this);
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public VectorpropClassificationModel fit(Dataset<?> dataset) {
        Fitting.checkLabel(dataset.schema(), getLabelCol());
        return super.fit(dataset);
    }

    @Override
    public VectorpropClassificationModel train(Dataset<?> dataset) {
        int classes = Fitting.classes(dataset, getLabelCol(), MAX_CLASSES);
        return new VectorpropClassificationModel(uid, new SavedModel(Fitting.fit(this, dataset, getFeaturesCol(),
                getLabelCol(), classes)));
    }

    @Override
    public VectorpropClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<VectorpropClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static VectorpropClassifier load(String path) {
        return read().load(path);
    }
}
