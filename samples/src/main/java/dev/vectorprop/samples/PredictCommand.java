package dev.vectorprop.samples;

import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code vectorprop predict}: a saved model's predictions for the rows of a CSV file, as CSV on stdout. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict the rows of a CSV file or the images of an IDX folder with a saved model; writes CSV "
                + "to standard output.")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions options;

    @Option(names = "--data", required = true, description = "A CSV file with the model's feature columns (a model "
            + "trained on images reads every column but 'label' as a pixel, 0-255, header optional), or "
            + "'fashion-mnist' or a folder of IDX files (their test images).")
    String data;

    @Option(names = "--missing", defaultValue = "error", description = "error or drop (default: ${DEFAULT-VALUE}).")
    String missing;

    @Override
    public Integer call() throws Exception {
        Model model = options.load();
        float[] x;
        int[] lines;
        String rowName;
        if (LoadedData.isIdx(data)) {
            x = LoadedData.fashionMnist(data, System.err).test().inputs();
            lines = new int[x.length / model.network().inputs()];
            Arrays.setAll(lines, i -> i + 1);
            rowName = "image";
        } else {
            ModelData rows = ModelData.read(LoadedData.readCsv(data), model, missing.equals("drop"), System.err);
            x = rows.x();
            lines = rows.lines();
            rowName = "line";
        }
        int n = lines.length;
        int outputs = model.network().outputs();
        float[] y = new float[n * outputs];
        Predictor predictor = options.predictor(model, spec);
        predictor.predict(x, n, y);
        PrintStream out = System.out;
        String[] classes = model.classNames();
        if (classes != null) {
            StringBuilder header = new StringBuilder(rowName).append(",class");
            for (String name : classes) {
                header.append(",p(").append(name.replace(",", ";")).append(')');
            }
            out.println(header);
        } else {
            String[] names = model.targetNames() != null ? model.targetNames() : new String[] {"prediction"};
            out.println(rowName + "," + String.join(",", names));
        }
        for (int i = 0; i < n; i++) {
            StringBuilder line = new StringBuilder().append(lines[i]);
            if (classes != null) {
                line.append(',').append(predictor.className(predictor.classOf(y, i)).replace(",", ";"));
            }
            for (int j = 0; j < outputs; j++) {
                line.append(',').append(String.format(Locale.ROOT, "%.6g", y[i * outputs + j]));
            }
            out.println(line);
        }
        return 0;
    }
}
