package dev.vectorprop.samples;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Loss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code vectorprop evaluate}: a saved model's metrics on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Measure a saved model on labelled data.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions options;

    @Option(names = "--data", required = true, description = "A CSV file with the model's columns, or 'fashion-mnist' "
            + "(its test set) or a folder of IDX files. A model trained on images reads every CSV column but 'label' as "
            + "a pixel (0-255), header optional.")
    String data;

    @Option(names = "--missing", defaultValue = "error", description = "error or drop (default: ${DEFAULT-VALUE}).")
    String missing;

    @Option(names = "--json", description = "Print the metrics as one JSON object, the last line of output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Model model = options.load();
        Dataset raw;
        if (LoadedData.isIdx(data)) {
            raw = LoadedData.fashionMnist(data, System.out).test();
        } else {
            raw = ModelData.read(LoadedData.readCsv(data), model, missing.equals("drop"), System.out).targets();
            if (raw == null) {
                throw new ParameterException(spec.commandLine(), data + " lacks the model's target column(s) "
                        + String.join(", ", model.targetNames() == null ? new String[] {"?"} : model.targetNames())
                        + ": use 'vectorprop predict' for unlabelled data");
            }
        }
        if (raw.features() != model.network().inputs()) {
            throw new ParameterException(spec.commandLine(), data + " has " + raw.features()
                    + " features per row, the model takes " + model.network().inputs());
        }
        Loss loss = model.isClassification() ? Loss.CROSS_ENTROPY : Loss.MSE;
        Report report = Report.of(options.predictor(model, spec), raw, loss, model.targetScaler(), model.classNames());
        System.out.println(json ? report.json() : report.text());
        return 0;
    }
}
