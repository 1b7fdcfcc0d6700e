package dev.vectorprop.samples;

import dev.vectorprop.data.Csv;
import dev.vectorprop.data.Dataset;
import dev.vectorprop.data.Numbers;
import dev.vectorprop.nn.Model;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a CSV file as a saved model sees them: its features by the names it was trained with
 * (a name {@code column=value} is that one-hot indicator), and, when the file has them, its targets. A
 * model that records no feature names (one trained on IDX images) reads every column but its target
 * column(s) as a feature, in order; the header is then optional (a first row of numbers is data).
 *
 * @param x       row-major raw features, one row per kept line
 * @param targets the data set with raw targets, or null when the file lacks the target column
 * @param lines   the file line of each kept row
 */
record ModelData(float[] x, Dataset targets, int[] lines) {

    static ModelData read(Csv file, Model model, boolean dropIncomplete, PrintStream out) {
        Csv csv = model.featureNames() == null ? withOptionalHeader(file) : file;
        String[] names = model.featureNames() != null ? model.featureNames() : featuresByPosition(csv, model);
        int[] columns = new int[names.length];
        String[] categories = new String[names.length];
        for (int j = 0; j < names.length; j++) {
            int direct = csv.header().indexOf(names[j]);
            int equals = names[j].indexOf('=');
            if (direct < 0 && equals > 0 && csv.header().contains(names[j].substring(0, equals))) {
                columns[j] = csv.header().indexOf(names[j].substring(0, equals));
                categories[j] = names[j].substring(equals + 1);
            } else if (direct >= 0) {
                columns[j] = direct;
            } else {
                throw new IllegalArgumentException(csv.source() + " has no column for the model's feature '" + names[j]
                        + "'; its columns are " + String.join(", ", csv.header()));
            }
        }
        String[] targetNames = model.targetNames();
        boolean labelled = targetNames != null && Arrays.stream(targetNames).allMatch(csv.header()::contains);
        int width = names.length;
        int outputs = model.classNames() != null ? 1 : model.network().outputs();
        List<float[]> rows = new ArrayList<>();
        List<float[]> targets = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int dropped = 0;
        rows:
        for (int r = 0; r < csv.rows().size(); r++) {
            String[] cells = csv.rows().get(r);
            float[] row = new float[width];
            for (int j = 0; j < width; j++) {
                String cell = cells[columns[j]].trim();
                if (categories[j] != null) {
                    row[j] = cell.equals(categories[j]) ? 1f : 0f;
                    continue;
                }
                row[j] = Numbers.parse(cell, csv.source(), csv.lines()[r], names[j]);
                if (Float.isNaN(row[j])) {
                    if (dropIncomplete) {
                        dropped++;
                        continue rows;
                    }
                    throw missing(csv, r, names[j], cell);
                }
            }
            if (labelled) {
                if (model.classNames() != null) {
                    String label = cells[csv.header().indexOf(targetNames[0])].trim();
                    int index = Arrays.asList(model.classNames()).indexOf(label);
                    if (index < 0) {
                        throw new IllegalArgumentException(csv.source() + ", line " + csv.lines()[r] + ": label '" + label
                                + "' is not one of the model's classes " + Arrays.toString(model.classNames()));
                    }
                    labels.add(index);
                } else {
                    float[] t = new float[outputs];
                    for (int k = 0; k < outputs; k++) {
                        String cell = cells[csv.header().indexOf(targetNames[k])];
                        t[k] = Numbers.parse(cell, csv.source(), csv.lines()[r], targetNames[k]);
                        if (Float.isNaN(t[k])) {
                            if (dropIncomplete) {
                                dropped++;
                                continue rows;
                            }
                            throw missing(csv, r, targetNames[k], cell);
                        }
                    }
                    targets.add(t);
                }
            }
            rows.add(row);
            lines.add(csv.lines()[r]);
        }
        if (dropped > 0) {
            out.printf("%s: dropped %,d rows with missing or non-numeric values%n", csv.source(), dropped);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(csv.source() + " has no usable rows");
        }
        float[] x = new float[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, x, i * width, width);
        }
        Dataset data = null;
        if (labelled && model.classNames() != null) {
            data = Dataset.classification(x.clone(), width, labels.stream().mapToInt(Integer::intValue).toArray(),
                    model.classNames().length);
        } else if (labelled) {
            float[] y = new float[targets.size() * outputs];
            for (int i = 0; i < targets.size(); i++) {
                System.arraycopy(targets.get(i), 0, y, i * outputs, outputs);
            }
            data = Dataset.of(x.clone(), width, y, outputs);
        }
        return new ModelData(x, data, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The file with its first row taken as data when every cell of it is a number (no header). */
    private static Csv withOptionalHeader(Csv csv) {
        if (!csv.header().stream().allMatch(Numbers::isNumber)) {
            return csv;
        }
        List<String> positions = new ArrayList<>();
        for (int j = 0; j < csv.header().size(); j++) {
            positions.add(Integer.toString(j));
        }
        List<String[]> rows = new ArrayList<>(csv.rows().size() + 1);
        rows.add(csv.header().toArray(new String[0]));
        rows.addAll(csv.rows());
        int[] lines = new int[csv.lines().length + 1];
        lines[0] = 1;
        System.arraycopy(csv.lines(), 0, lines, 1, csv.lines().length);
        return new Csv(csv.source(), positions, rows, lines);
    }

    /** For a model without feature names: every column that is not a target, in order, as many as it takes. */
    private static String[] featuresByPosition(Csv csv, Model model) {
        List<String> targets = model.targetNames() == null ? List.of()
                : Arrays.stream(model.targetNames()).filter(csv.header()::contains).toList();
        String[] features = csv.header().stream().filter(name -> !targets.contains(name)).toArray(String[]::new);
        if (features.length != model.network().inputs()) {
            throw new IllegalArgumentException(csv.source() + " has " + features.length + " feature columns"
                    + (targets.isEmpty() ? "" : " besides " + String.join(", ", targets)) + ", the model takes "
                    + model.network().inputs() + " (it records no feature names, so it reads every column in order)");
        }
        return features;
    }

    private static IllegalArgumentException missing(Csv csv, int row, String column, String cell) {
        return new IllegalArgumentException(Numbers.where(csv.source(), csv.lines()[row], column) + ": "
                + Numbers.whyMissing(cell) + " (use --missing drop to skip such rows)");
    }
}
