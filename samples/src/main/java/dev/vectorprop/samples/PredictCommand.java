package dev.vectorprop.samples;

import dev.vectorprop.data.Csv;
import dev.vectorprop.io.Model;
import dev.vectorprop.nn.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code vectorprop predict}: a saved model's predictions for the rows of a CSV file, as CSV on stdout. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict the rows of a CSV file with a saved model; writes CSV to standard output.")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions options;

    @Option(names = "--data", required = true, description = "A CSV file with the model's feature columns.")
    String data;

    @Option(names = "--missing", defaultValue = "error", description = "error or drop (default: ${DEFAULT-VALUE}).")
    String missing;

    @Override
    public Integer call() throws Exception {
        Model model = options.load();
        Csv csv = LoadedData.readCsv(data);
        ModelData rows = ModelData.read(csv, model, missing.equals("drop"), System.err);
        float[] x = rows.x().clone();
        model.inputScaler().transform(x);
        int n = rows.lines().length;
        int outputs = model.network().outputs();
        float[] y = new float[n * outputs];
        options.predictor(model, spec).predict(x, n, y);
        PrintStream out = System.out;
        String[] classes = model.classNames();
        if (classes != null) {
            StringBuilder header = new StringBuilder("line,class");
            for (String name : classes) {
                header.append(",p(").append(name.replace(",", ";")).append(')');
            }
            out.println(header);
        } else {
            model.targetScaler().inverse(y);
            String[] names = model.targetNames() != null ? model.targetNames() : new String[] {"prediction"};
            out.println("line," + String.join(",", names));
        }
        for (int i = 0; i < n; i++) {
            StringBuilder line = new StringBuilder().append(rows.lines()[i]);
            if (classes != null) {
                line.append(',').append(classes[Predictor.classOf(y, i * outputs, outputs)].replace(",", ";"));
            }
            for (int j = 0; j < outputs; j++) {
                line.append(',').append(String.format(Locale.ROOT, "%.6g", y[i * outputs + j]));
            }
            out.println(line);
        }
        return 0;
    }
}
