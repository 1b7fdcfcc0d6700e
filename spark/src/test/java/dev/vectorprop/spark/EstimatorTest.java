package dev.vectorprop.spark;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.nn.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EstimatorTest {
    private static final String[] COLUMNS = {"a", "b", "c", "d", "e"};

    /** The blobs as a data frame of five numeric columns and a text label, in {@code partitions} partitions. */
    static org.apache.spark.sql.Dataset<Row> frame(int rows, long seed, int partitions) {
        Dataset blobs = SparkTrainerTest.blobs(rows, seed);
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            Object[] cells = new Object[6];
            for (int j = 0; j < 5; j++) {
                cells[j] = (double) blobs.inputs()[i * 5 + j] * 10 + 3; // off scale: the pipeline scales it
            }
            cells[5] = "kind-" + blobs.label(i);
            list.add(RowFactory.create(cells));
        }
        List<StructField> fields = new ArrayList<>();
        for (String c : COLUMNS) {
            fields.add(DataTypes.createStructField(c, DataTypes.DoubleType, false));
        }
        fields.add(DataTypes.createStructField("kind", DataTypes.StringType, false));
        return Spark.SESSION.createDataFrame(list, DataTypes.createStructType(fields)).repartition(partitions);
    }

    private static Pipeline pipeline(PipelineStage last) {
        return new Pipeline().setStages(new PipelineStage[] {
                new VectorAssembler().setInputCols(COLUMNS).setOutputCol("raw"),
                new StandardScaler().setInputCol("raw").setOutputCol("features"),
                new StringIndexer().setInputCol("kind").setOutputCol("label"),
                last});
    }

    private static double accuracy(org.apache.spark.sql.Dataset<Row> predictions) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predictions);
    }

    @Test
    void trainsInAPipelineAsWellAsMllibAndSavesAndLoads(@TempDir Path dir) throws Exception {
        org.apache.spark.sql.Dataset<Row> train = frame(600, 4, 3);
        org.apache.spark.sql.Dataset<Row> test = frame(300, 5, 2);
        VectorpropClassifier ours = new VectorpropClassifier().setLayers(5, 16, 3).setActivation("tanh")
                .setLearningRate(0.01).setBatchSize(16).setEpochs(8).setSyncEvery(4).setSeed(3);
        PipelineModel fitted = pipeline(ours).fit(train);
        org.apache.spark.sql.Dataset<Row> predicted = fitted.transform(test);
        double accuracy = accuracy(predicted);

        PipelineModel mllib = pipeline(new MultilayerPerceptronClassifier().setLayers(new int[] {5, 16, 3})
                .setMaxIter(100).setSeed(3)).fit(train);
        double theirs = accuracy(mllib.transform(test));
        assertTrue(accuracy > 0.85 && accuracy >= theirs - 0.02, "ours " + accuracy + ", MLlib's " + theirs);

        // the probabilities are the core model's on the same (scaled) features
        VectorpropClassificationModel model = (VectorpropClassificationModel) fitted.stages()[3];
        Row first = predicted.select("features", "probability", "rawPrediction", "prediction").first();
        float[] core = model.model().predictor().predict(((Vector) first.get(0)).toArray());
        double[] probability = ((Vector) first.get(1)).toArray();
        for (int k = 0; k < core.length; k++) {
            assertEquals(core[k], probability[k], 1e-6, "probability " + k);
            assertEquals(Math.log(core[k]), ((Vector) first.get(2)).apply(k), 1e-5, "raw prediction " + k);
        }
        assertEquals(((Vector) first.get(1)).argmax(), first.getDouble(3), 0.0);

        // saved and loaded: the same predictions, and the model file inside is the one vectorprop reads
        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        List<Row> before = predicted.select("probability").collectAsList();
        List<Row> after = loaded.transform(test).select("probability").collectAsList();
        assertEquals(before, after);
        VectorpropClassificationModel reloaded = (VectorpropClassificationModel) loaded.stages()[3];
        assertEquals(16, reloaded.getBatchSize());
        Model file = Model.load(dir.resolve("pipeline/stages/3_" + model.uid() + "/" + SavedModel.FILE));
        assertArrayEquals(model.model().network().parameters(), file.network().parameters());
    }

    @Test
    void crossValidatorPicksARateAndTheEstimatorRoundTrips(@TempDir Path dir) throws Exception {
        org.apache.spark.sql.Dataset<Row> train = frame(300, 6, 2);
        VectorpropClassifier classifier = new VectorpropClassifier().setLayers(5, 8, 3).setEpochs(3).setBatchSize(16);
        Pipeline pipeline = pipeline(classifier);
        ParamMap[] grid = new ParamGridBuilder().addGrid(classifier.learningRate(), new double[] {1e-5, 0.02}).build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy")).setNumFolds(2)
                .setSeed(1).fit(train);
        double[] metrics = cv.avgMetrics();
        assertTrue(metrics[1] > metrics[0], "the larger rate learns more in 3 epochs: " + java.util.Arrays.toString(metrics));
        VectorpropClassificationModel best = (VectorpropClassificationModel) ((PipelineModel) cv.bestModel()).stages()[3];
        assertEquals(0.02, best.getLearningRate(), 0.0);

        classifier.write().save(dir.resolve("classifier").toString());
        VectorpropClassifier back = VectorpropClassifier.load(dir.resolve("classifier").toString());
        assertEquals(classifier.uid(), back.uid());
        assertArrayEquals(new int[] {5, 8, 3}, back.getLayers());
        assertEquals(3, back.getEpochs());
    }

    @Test
    void regressesWithTheTargetScaledAndBack() {
        SplittableRandom random = new SplittableRandom(9);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            double x = random.nextDouble(-2, 2);
            double z = random.nextDouble(-2, 2);
            rows.add(RowFactory.create(Vectors.dense(x, z), 1000 + 300 * Math.sin(x) + 100 * z * z
                    + random.nextGaussian() * 5));
        }
        StructType schema = new StructType(new StructField[] {
                new StructField("features", new VectorUDT(), false, Metadata.empty()),
                new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
        org.apache.spark.sql.Dataset<Row>[] parts = Spark.SESSION.createDataFrame(rows, schema).repartition(2)
                .randomSplit(new double[] {0.8, 0.2}, 1);
        VectorpropRegressionModel model = new VectorpropRegressor().setLayers(2, 32, 32, 1).setActivation("tanh")
                .setLearningRate(0.01).setBatchSize(16).setEpochs(30).fit(parts[0]);
        double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(model.transform(parts[1]));
        assertTrue(rmse < 30, "rmse " + rmse + " (targets vary by ±300)");
        assertEquals(2, model.numFeatures());
    }

    @Test
    void badInputNamesTheColumnAndShowsARow() {
        StructType schema = new StructType(new StructField[] {
                new StructField("features", new VectorUDT(), true, Metadata.empty()),
                new StructField("label", DataTypes.DoubleType, true, Metadata.empty())});
        assertMessage(schema, List.of(RowFactory.create(Vectors.dense(1, 2), 0.0), RowFactory.create(null, 1.0)),
                "column 'features' is null in row 1 of partition 0");
        assertMessage(schema, List.of(RowFactory.create(Vectors.dense(1, 2), 0.0),
                RowFactory.create(Vectors.dense(1, Double.NaN), 1.0)), "column 'features', value 1 is NaN in row 1");
        assertMessage(schema, List.of(RowFactory.create(Vectors.dense(1, 2), 0.0),
                RowFactory.create(Vectors.dense(1, 2, 3), 1.0)), "holds vectors of 2 values, but row 1");
        assertMessage(schema, List.of(RowFactory.create(Vectors.dense(1, 2), 2.0),
                RowFactory.create(Vectors.dense(1, 3), -1.0)), "column 'label' is -1.0 in row 1 of partition 0");
        StructType text = new StructType(new StructField[] {
                new StructField("features", new VectorUDT(), true, Metadata.empty()),
                new StructField("label", DataTypes.StringType, true, Metadata.empty())});
        assertMessage(text, List.of(RowFactory.create(Vectors.dense(1, 2), "cat")),
                "column 'label' is string: a label is a number; index text labels first, e.g. with a StringIndexer");
    }

    @Test
    void predictingANullOrWrongSizeVectorNamesTheColumn() {
        StructType schema = new StructType(new StructField[] {
                new StructField("features", new VectorUDT(), true, Metadata.empty()),
                new StructField("label", DataTypes.DoubleType, true, Metadata.empty())});
        VectorpropClassificationModel model = new VectorpropClassifier().setEpochs(1).fit(Spark.SESSION.createDataFrame(
                List.of(RowFactory.create(Vectors.dense(1, 2), 0.0), RowFactory.create(Vectors.dense(2, 1), 1.0)), schema));
        for (Row bad : List.of(RowFactory.create(null, 0.0), RowFactory.create(Vectors.dense(1, 2, 3), 0.0))) {
            org.apache.spark.sql.Dataset<Row> frame = Spark.SESSION.createDataFrame(List.of(bad), schema);
            assertCause(assertThrows(Exception.class, () -> model.transform(frame).collectAsList()),
                    bad.isNullAt(0) ? "column 'features' is null in a row to predict"
                            : "column 'features' holds a vector of 3 values; the model takes 2");
        }
    }

    private static void assertMessage(StructType schema, List<Row> rows, String expected) {
        org.apache.spark.sql.Dataset<Row> frame = Spark.SESSION.createDataFrame(rows, schema).coalesce(1);
        assertCause(assertThrows(Exception.class, () -> new VectorpropClassifier().setEpochs(1).fit(frame)), expected);
    }

    private static void assertCause(Exception e, String expected) {
        Throwable cause = e;
        while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertInstanceOf(IllegalArgumentException.class, cause, () -> "no message: " + e);
        assertTrue(cause.getMessage().contains(expected), cause.getMessage());
    }
}
