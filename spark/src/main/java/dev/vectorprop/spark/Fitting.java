package dev.vectorprop.spark;

import dev.vectorprop.data.Scaler;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Provenance;
import dev.vectorprop.nn.Reduction;
import dev.vectorprop.optim.OptimizerSettings;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the two estimators share: a data frame to cached blocks, scalers over the cluster, the network, the run. */
final class Fitting {
    private Fitting() {
    }

    /** Refuses a label column that is not numeric with the fix, before Spark's own cast would make it null. */
    static void checkLabel(StructType schema, String labelCol) {
        DataType type = schema.apply(labelCol).dataType();
        if (!(type instanceof NumericType)) {
            throw new IllegalArgumentException("column '" + labelCol + "' is " + type.simpleString() + ": a label is a "
                    + "number" + (type.equals(DataTypes.StringType) ? "; index text labels first, e.g. with a "
                    + "StringIndexer in the pipeline" : ""));
        }
    }

    /**
     * The classes of the label column: as its metadata says (a {@code StringIndexer}'s labels), else the largest
     * label plus one. A label that is not a class index is refused as its block is converted, naming the row.
     */
    static int classes(Dataset<?> data, String labelCol, int most) {
        Attribute attribute = Attribute.fromStructField(data.schema().apply(labelCol));
        if (attribute instanceof NominalAttribute nominal && nominal.getNumValues().isDefined()) {
            return (Integer) nominal.getNumValues().get();
        }
        if (attribute instanceof BinaryAttribute) {
            return 2;
        }
        Row max = data.agg(functions.max(data.col(labelCol))).first();
        if (max.isNullAt(0)) {
            throw new IllegalArgumentException("no rows to train on in column '" + labelCol + "'");
        }
        double largest = ((Number) max.get(0)).doubleValue();
        if (!(largest < most)) {
            throw new IllegalArgumentException("column '" + labelCol + "' goes up to " + largest + ": a classifier takes "
                    + "class indices 0 … " + (most - 1) + "; for a numeric target, use VectorpropRegressor");
        }
        return (int) Math.floor(largest) + 1;
    }

    /**
     * Trains a model on the data frame's features, label and weight columns: {@code classes} outputs of a softmax,
     * or, when 0, one regression target.
     */
    static Model fit(VectorpropParams<?> p, Dataset<?> data, String featuresCol, String labelCol, int classes) {
        try {
            return fitBlocks(p, data, featuresCol, labelCol, classes);
        } catch (Exception e) { // Spark's exceptions are checked ones, thrown undeclared
            // a task's refusal of a row reaches the driver wrapped: give the user the message itself
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof IllegalArgumentException bad) {
                    throw new IllegalArgumentException(bad.getMessage(), e);
                }
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
        }
    }

    private static Model fitBlocks(VectorpropParams<?> p, Dataset<?> data, String featuresCol, String labelCol,
                                   int classes) {
        String weightCol = p.getWeightCol();
        int features = featureCount(data, featuresCol);
        List<Column> columns = new ArrayList<>(List.of(data.col(featuresCol), data.col(labelCol)));
        if (!weightCol.isEmpty()) {
            columns.add(data.col(weightCol));
        }
        Block.Columns c = new Block.Columns(featuresCol, labelCol, weightCol.isEmpty() ? null : weightCol, features,
                classes);
        JavaRDD<Block> raw = data.select(columns.toArray(Column[]::new)).toJavaRDD()
                .mapPartitionsWithIndex((index, rows) -> Collections.singletonList(Block.of(rows, index, c)).iterator(),
                        true).cache();
        try {
            Loss loss = loss(p, classes > 0);
            Activation output = output(p, classes > 0, loss);
            Scaler.Kind kind = scaleKind(p.getScale());
            ColumnStats inputs = FixedTree.sum(raw, 2, (b, partition) -> ColumnStats.of(b.x, b.features));
            if (inputs == null) {
                throw new IllegalArgumentException("no rows to train on in column '" + featuresCol + "'");
            }
            Scaler inputScaler = inputs.scaler(kind);
            Scaler targetScaler = Scaler.none(Math.max(classes, 1));
            if (classes == 0) {
                ColumnStats targets = FixedTree.sum(raw, 2, (b, partition) -> ColumnStats.of(b.y, 1));
                // MSLE takes ln(1 + y): its targets go to [0, 1], as the command line does
                targetScaler = targets.scaler(loss == Loss.MSLE ? Scaler.Kind.MIN_MAX : kind);
            }
            Scaler in = inputScaler;
            Scaler out = targetScaler;
            // one cached copy for the whole run, spilled rather than recomputed from rows when memory is short
            JavaRDD<Block> scaled = raw.map(b -> b.scaled(in, out)).persist(StorageLevel.MEMORY_AND_DISK());
            scaled.count();
            raw.unpersist(false);
            try {
                int[] widths = widths(p, features, Math.max(classes, 1));
                Network network = Network.mlp(widths, activation(p.getActivation()), output,
                        p.getBatchNorm(), dropout(p),
                        null, p.getSeed());
                SparkTrainer.Settings settings = settings(p, loss);
                new SparkTrainer(settings).fit(network, scaled);
                String[] classNames = null;
                if (classes > 0) {
                    classNames = new String[classes];
                    for (int k = 0; k < classes; k++) {
                        classNames[k] = String.valueOf(k);
                    }
                }
                return new Model(network, inputScaler, targetScaler, classNames, null, null,
                        Provenance.of(configuration(p), null, Map.of()));
            } finally {
                scaled.unpersist(false);
            }
        } finally {
            raw.unpersist(false);
        }
    }

    /** The vector size the column's metadata gives, else the first row's. */
    private static int featureCount(Dataset<?> data, String featuresCol) {
        int size = AttributeGroup.fromStructField(data.schema().apply(featuresCol)).size();
        if (size >= 0) {
            return size;
        }
        List<Row> first = data.select(featuresCol).limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new IllegalArgumentException("no rows to train on in column '" + featuresCol + "'");
        }
        Object cell = first.getFirst().get(0);
        if (!(cell instanceof Vector vector)) {
            throw new IllegalArgumentException("column '" + featuresCol + "' is " + (cell == null ? "null" : "not a vector")
                    + " in its first row: assemble the features into a vector, e.g. with a VectorAssembler");
        }
        return vector.size();
    }

    static SparkTrainer.Settings settings(VectorpropParams<?> p, Loss loss) {
        OptimizerSettings defaults = OptimizerSettings.of(OptimizerSettings.Kind.valueOf(
                p.getOptimizer().toUpperCase(Locale.ROOT)));
        OptimizerSettings optimizer = new OptimizerSettings(defaults.kind(), (float) p.getLearningRate(),
                (float) p.getMomentum(), (float) p.getBeta1(),
                (float) p.getBeta2(), defaults.rho(), (float) p.getEpsilon(),
                defaults.weightDecay(), defaults.lbfgsMemory(), defaults.gradientTolerance(), defaults.cgFormula());
        return new SparkTrainer.Settings(loss, Reduction.MEAN, (float) p.getL2(), optimizer,
                p.getBatchSize(), p.getEpochs(), p.getSeed(),
                p.getThreadsPerTask(), SparkTrainer.Strategy.of(p.getStrategy(), optimizer), p.getSyncEvery());
    }

    private static Loss loss(VectorpropParams<?> p, boolean classification) {
        String name = p.getLoss();
        Loss loss = name.isEmpty() ? classification ? Loss.CROSS_ENTROPY : Loss.MSE : parse(Loss.class, name, "loss");
        boolean fits = classification ? loss == Loss.CROSS_ENTROPY : loss == Loss.MSE || loss == Loss.MSLE
                || loss == Loss.MAE;
        if (!fits) {
            throw new IllegalArgumentException("loss " + name + " is not for " + (classification ? "classification: use "
                    + "cross_entropy" : "regression: use mse, msle or mae"));
        }
        return loss;
    }

    private static Activation output(VectorpropParams<?> p, boolean classification, Loss loss) {
        String name = p.getOutputActivation();
        if (classification) {
            if (!name.isEmpty() && !name.equals("softmax")) {
                throw new IllegalArgumentException("a classifier's output is softmax, not " + name);
            }
            return Activation.SOFTMAX;
        }
        return name.isEmpty() ? loss == Loss.MSLE ? Activation.SIGMOID : Activation.IDENTITY
                : parse(Activation.class, name, "output activation");
    }

    private static Activation activation(String name) {
        return parse(Activation.class, name, "activation");
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
        try {
            return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no " + what + " called '" + name + "'");
        }
    }

    private static Scaler.Kind scaleKind(String name) {
        return switch (name) {
            case "zscore" -> Scaler.Kind.Z_SCORE;
            case "minmax" -> Scaler.Kind.MIN_MAX;
            default -> Scaler.Kind.NONE;
        };
    }

    private static int[] widths(VectorpropParams<?> p, int features, int outputs) {
        int[] widths = p.getLayers();
        if (widths.length == 0) {
            return features == 784 ? new int[] {784, 512, 512, outputs} : new int[] {features, 64, 64, outputs};
        }
        if (widths.length < 2 || widths[0] != features || widths[widths.length - 1] != outputs) {
            throw new IllegalArgumentException("layers " + java.util.Arrays.toString(widths) + " must run from the "
                    + features + " features to the " + outputs + " output" + (outputs == 1 ? "" : "s"));
        }
        return widths;
    }

    private static float[] dropout(VectorpropParams<?> p) {
        float rate = (float) p.getDropout();
        return rate == 0 ? new float[0] : new float[] {rate};
    }

    /** The parameters as the model's provenance records them. */
    private static Map<String, String> configuration(VectorpropParams<?> p) {
        Map<String, String> map = new LinkedHashMap<>();
        for (org.apache.spark.ml.param.Param<?> param : p.params()) {
            if (p.isDefined(param)) {
                Object value = p.getOrDefault(param);
                map.put(param.name(), value instanceof int[] a ? java.util.Arrays.toString(a) : String.valueOf(value));
            }
        }
        map.put("trainer", "spark");
        return map;
    }
}
