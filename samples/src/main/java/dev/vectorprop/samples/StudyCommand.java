package dev.vectorprop.samples;

import dev.vectorprop.kernel.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vectorprop study width|depth|batch}: the course notes' studies on California housing. Each
 * writes a PNG and a markdown table into {@code --out}.
 */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = "California housing: test error against hidden width (2..128), depth (1..5 hidden layers of 5), "
                + "or time per epoch against batch size. Writes a PNG and a markdown table.")
final class StudyCommand implements Callable<Integer> {
    enum Study { WIDTH, DEPTH, BATCH }

    @Parameters(index = "0", description = "width, depth or batch")
    Study study;

    @Option(names = "--out", defaultValue = "studies", description = "Folder for the PNG and table (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--epochs", defaultValue = "30", description = "Epochs per network (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        HousingStudies housing = new HousingStudies(Kernels.auto(), seed);
        List<HousingStudies.Result> results = new ArrayList<>();
        switch (study) {
            case WIDTH -> {
                for (int width : new int[] {2, 4, 8, 16, 32, 64, 128}) {
                    results.add(housing.run(new int[] {8, width, 1}, 32, epochs, seed));
                }
            }
            case DEPTH -> {
                for (int depth = 1; depth <= 5; depth++) {
                    int[] layers = new int[depth + 2];
                    Arrays.fill(layers, 5);
                    layers[0] = 8;
                    layers[depth + 1] = 1;
                    results.add(housing.run(layers, 32, epochs, seed));
                }
            }
            case BATCH -> {
                for (int batch : new int[] {1, 4, 16, 64, 256, 1024}) {
                    results.add(housing.run(new int[] {8, 10, 5, 1}, batch, epochs, seed));
                }
            }
        }
        Files.createDirectories(out);
        String name = "housing-" + study.name().toLowerCase(Locale.ROOT);
        double[] x = results.stream().mapToDouble(r -> switch (study) {
            case WIDTH -> r.layers()[1];
            case DEPTH -> r.layers().length - 2;
            case BATCH -> r.batch();
        }).toArray();
        String xLabel = switch (study) {
            case WIDTH -> "units in the hidden layer";
            case DEPTH -> "hidden layers of 5 units";
            case BATCH -> "batch size";
        };
        LinePlot plot = new LinePlot("California housing: " + (study == Study.BATCH ? "time per epoch" : "test error")
                + " against " + xLabel + " (" + epochs + " epochs)", xLabel,
                study == Study.BATCH ? "seconds per epoch" : "test MSE / 1e10 (dollars²)");
        if (study != Study.DEPTH) {
            plot.logX();
        }
        if (study == Study.BATCH) {
            plot.add("8-10-5-1", x, results.stream().mapToDouble(HousingStudies.Result::secondsPerEpoch).toArray());
        } else {
            plot.add("test MSE", x, results.stream().mapToDouble(r -> r.testMse() / 1e10).toArray());
        }
        plot.write(out.resolve(name + ".png"));
        StringBuilder table = new StringBuilder("| layers | batch | test R² | test MSE | s/epoch |\n|---|---|---|---|---|\n");
        for (HousingStudies.Result r : results) {
            table.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4g | %.4f |%n", Arrays.toString(r.layers()),
                    r.batch(), r.r2(), r.testMse(), r.secondsPerEpoch()));
        }
        Files.writeString(out.resolve(name + ".md"), table);
        System.out.print(table);
        System.out.println("wrote " + out.resolve(name + ".png") + " and " + out.resolve(name + ".md"));
        return 0;
    }
}
