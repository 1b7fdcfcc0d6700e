package dev.vectorprop.samples;

import dev.vectorprop.data.Csv;
import dev.vectorprop.data.Dataset;
import dev.vectorprop.data.MissingValues;
import dev.vectorprop.data.Scaler;
import dev.vectorprop.data.Table;
import dev.vectorprop.data.TableReader;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Precision;
import dev.vectorprop.optim.Adam;
import dev.vectorprop.train.History;
import dev.vectorprop.train.Trainer;

import java.io.IOException;
import java.util.List;

/**
 * California housing regression as the course notes run it: the median house value from the 8 numeric
 * features (z-scored; missing bedrooms imputed with the training mean; targets z-scored), 70/30 split,
 * ReLU networks, Adam, MSE. Gives test R² in original units and the time per epoch.
 */
final class HousingStudies {
    record Result(int[] layers, int batch, double r2, double testMse, double secondsPerEpoch) {
    }

    private final Dataset train;
    private final Dataset rawTest;
    private final Scaler inputs;
    private final Scaler targets;
    private final Kernels kernels;

    HousingStudies(Kernels kernels, long seed) throws IOException {
        Csv csv = LoadedData.readCsv("california-housing");
        Table all = new TableReader().targets(List.of("median_house_value")).missing(MissingValues.MEAN).read(csv);
        Table[] parts = all.split(0.3, seed);
        float[] means = parts[0].columnMeans();
        Dataset rawTrain = parts[0].impute(means).toDataset();
        Dataset rawTest = parts[1].impute(means).toDataset();
        inputs = Scaler.fit(Scaler.Kind.Z_SCORE, rawTrain.inputs(), rawTrain.features());
        targets = Scaler.fit(Scaler.Kind.Z_SCORE, rawTrain.targets(), 1);
        train = TrainCommand.scaled(rawTrain, inputs, targets);
        this.rawTest = rawTest;
        this.kernels = kernels;
    }

    int trainRows() {
        return train.rows();
    }

    int testRows() {
        return rawTest.rows();
    }

    /** Trains a ReLU network of these widths (8 first, 1 last) and measures it on the test split. */
    Result run(int[] layers, int batch, int epochs, long seed) {
        Network.Builder builder = Network.builder(layers[0]).seed(seed);
        for (int i = 1; i < layers.length - 1; i++) {
            builder.dense(layers[i], Activation.RELU);
        }
        Network network = builder.dense(layers[layers.length - 1], Activation.IDENTITY).build();
        Trainer trainer = Trainer.builder(Loss.MSE, new Adam(1e-3f)).kernels(kernels).batchSize(batch).epochs(epochs)
                .seed(seed).threads(1).build();
        History history = trainer.fit(network, train);
        double seconds = history.epochs().stream().mapToDouble(e -> e.seconds()).sum() / history.epochs().size();
        Model model = new Model(network, inputs, targets, null, null, null, null);
        Report report = Report.of(model.predictor(kernels, Precision.FP32), rawTest, Loss.MSE, targets, null);
        return new Result(layers, batch, report.r2(), report.mse(), seconds);
    }
}
