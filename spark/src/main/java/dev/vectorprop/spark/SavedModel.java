package dev.vectorprop.spark;

import dev.vectorprop.io.ModelFile;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Predictor;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;

/**
 * A fitted model as the Spark models carry it: the vectorprop model file's bytes, which serialize with the
 * transformer to every executor, and a predictor made from them once per JVM. Saved as Spark's metadata (the
 * params) plus {@code data/model.vpm}, the same file {@code vectorprop predict} and {@code Model.load} read.
 */
final class SavedModel implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String FILE = "data/model.vpm";

    private final byte[] bytes;
    private transient Model model;
    private transient volatile Predictor predictor;

    SavedModel(Model model) {
        try {
            this.bytes = ModelFile.bytes(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.model = model;
    }

    private SavedModel(byte[] bytes) {
        this.bytes = bytes;
    }

    synchronized Model model() {
        if (model == null) {
            try {
                model = ModelFile.read("the Spark model's " + FILE, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return model;
    }

    /** Made once per JVM, then read without a lock: every row of a transform asks for it. */
    private Predictor predictor() {
        Predictor p = predictor;
        if (p == null) {
            synchronized (this) {
                if (predictor == null) {
                    predictor = model().predictor();
                }
                p = predictor;
            }
        }
        return p;
    }

    /** The outputs for one row of the features column {@code column}, refusing a null or wrong-size vector by name. */
    float[] predict(org.apache.spark.ml.linalg.Vector features, String column) {
        if (features == null) {
            throw new IllegalArgumentException("column '" + column + "' is null in a row to predict");
        }
        Predictor p = predictor();
        if (features.size() != p.inputs()) {
            throw new IllegalArgumentException("column '" + column + "' holds a vector of " + features.size()
                    + " values; the model takes " + p.inputs());
        }
        return p.predict(features.toArray());
    }

    /** Writes the params' metadata and the model file under a folder. */
    static MLWriter writer(Params params, SavedModel saved) {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                DefaultParamsWriter.saveMetadata(params, path, sparkSession());
                Path file = new Path(path, FILE);
                try (FSDataOutputStream out = file.getFileSystem(sc().hadoopConfiguration()).create(file, true)) {
                    out.write(saved.bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + file, e);
                }
            }
        };
    }

    /** Reads what {@link #writer} wrote back into a model of {@code type}, made by {@code make(uid, saved)}. */
    static <M extends Params> MLReader<M> reader(Class<M> type, BiFunction<String, SavedModel, M> make) {
        return new MLReader<>() {
            @Override
            public M load(String path) {
                DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sparkSession(),
                        type.getName());
                Path file = new Path(path, FILE);
                byte[] bytes;
                try {
                    FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
                    long length = fs.getFileStatus(file).getLen();
                    if (length > Integer.MAX_VALUE - 8) {
                        throw new IOException(file + " is " + length + " bytes: too large for a model file");
                    }
                    bytes = new byte[(int) length];
                    try (FSDataInputStream in = fs.open(file)) {
                        in.readFully(bytes);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
                SavedModel saved = new SavedModel(bytes);
                saved.model(); // a damaged file fails here, naming it, not in the first transform
                M model = make.apply(metadata.uid(), saved);
                metadata.getAndSetParams(model, Option.empty());
                return model;
            }
        };
    }
}
