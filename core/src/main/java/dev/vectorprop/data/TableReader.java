package dev.vectorprop.data;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns a {@link Csv} into a {@link Table}: chooses the target column(s) and the features (by default
 * every other numeric column), one-hot encodes the text columns asked for, maps classification labels
 * of any text to class indices (in sorted order), and applies a {@link MissingValues} policy.
 */
public final class TableReader {
    private final List<String> targets = new ArrayList<>();
    private final List<String> features = new ArrayList<>();
    private final List<String> oneHot = new ArrayList<>();
    private boolean classification;
    private MissingValues missing = MissingValues.ERROR;
    private String weightColumn;

    /** The target column(s), by name or 0-based index. */
    public TableReader targets(List<String> columns) {
        targets.clear();
        targets.addAll(columns);
        return this;
    }

    /** The feature columns, by name or index; empty means every numeric column that is not a target. */
    public TableReader features(List<String> columns) {
        features.clear();
        features.addAll(columns);
        return this;
    }

    /** Text columns to one-hot encode as features (one 0/1 column per distinct value). */
    public TableReader oneHot(List<String> columns) {
        oneHot.clear();
        oneHot.addAll(columns);
        return this;
    }

    public TableReader classification(boolean classification) {
        this.classification = classification;
        return this;
    }

    public TableReader missing(MissingValues policy) {
        this.missing = policy;
        return this;
    }

    /** A column of per-row loss weights (zero or positive), by name or index; not a feature. Default none. */
    public TableReader weightColumn(String column) {
        this.weightColumn = column;
        return this;
    }

    public Table read(Csv csv) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("name the target column; the columns are " + String.join(", ", csv.header()));
        }
        if (classification && targets.size() != 1) {
            throw new IllegalArgumentException("classification takes one label column, got " + targets);
        }
        int[] targetColumns = targets.stream().mapToInt(csv::column).toArray();
        List<Integer> encoded = oneHot.stream().map(csv::column).toList();
        int weightAt = weightColumn == null ? -1 : csv.column(weightColumn);
        List<Integer> numeric = new ArrayList<>();
        if (features.isEmpty()) {
            for (int c = 0; c < csv.header().size(); c++) {
                int column = c;
                boolean isTarget = java.util.Arrays.stream(targetColumns).anyMatch(t -> t == column);
                if (!isTarget && !encoded.contains(c) && c != weightAt && mostlyNumeric(csv, c)) {
                    numeric.add(c);
                }
            }
        } else {
            for (String name : features) {
                int c = csv.column(name);
                if (c == weightAt) {
                    throw new IllegalArgumentException("column '" + name + "' is the weight column, not a feature");
                }
                if (!encoded.contains(c)) {
                    numeric.add(c);
                }
            }
        }
        // the categories of each one-hot column and of the labels, sorted so the encoding is reproducible
        List<List<String>> categories = new ArrayList<>();
        for (int c : encoded) {
            TreeSet<String> values = new TreeSet<>();
            for (String[] row : csv.rows()) {
                if (!row[c].isBlank()) {
                    values.add(row[c].trim());
                }
            }
            categories.add(new ArrayList<>(values));
        }
        List<String> names = new ArrayList<>();
        for (int c : numeric) {
            names.add(csv.header().get(c));
        }
        for (int e = 0; e < encoded.size(); e++) {
            for (String value : categories.get(e)) {
                names.add(csv.header().get(encoded.get(e)) + "=" + value);
            }
        }
        String[] classNames = classification ? classNames(csv, targetColumns[0]) : null;

        int width = names.size();
        int targetWidth = classification ? 1 : targetColumns.length;
        float[] x = new float[csv.rows().size() * width];
        float[] y = classification ? null : new float[csv.rows().size() * targetWidth];
        int[] labels = classification ? new int[csv.rows().size()] : null;
        int[] lines = new int[csv.rows().size()];
        float[] weights = weightAt < 0 ? null : new float[csv.rows().size()];
        int kept = 0;
        int dropped = 0;
        rows:
        for (int r = 0; r < csv.rows().size(); r++) {
            String[] row = csv.rows().get(r);
            int line = csv.lines()[r];
            int at = kept * width;
            for (int j = 0; j < numeric.size(); j++) {
                int c = numeric.get(j);
                float value = Numbers.parse(row[c], csv.source(), line, csv.header().get(c));
                if (Float.isNaN(value)) {
                    if (missing == MissingValues.DROP) {
                        dropped++;
                        continue rows;
                    }
                    if (missing == MissingValues.ERROR) {
                        throw missingValue(csv, line, c, row);
                    }
                }
                x[at + j] = value;
            }
            int column = numeric.size();
            for (int e = 0; e < encoded.size(); e++) {
                String value = row[encoded.get(e)].trim();
                for (String category : categories.get(e)) {
                    x[at + column++] = category.equals(value) ? 1f : 0f;
                }
            }
            if (classification) {
                String label = row[targetColumns[0]].trim();
                if (label.isEmpty()) {
                    if (missing == MissingValues.DROP) {
                        dropped++;
                        continue;
                    }
                    throw missingValue(csv, line, targetColumns[0], row);
                }
                labels[kept] = java.util.Arrays.asList(classNames).indexOf(label);
            } else {
                for (int t = 0; t < targetColumns.length; t++) {
                    float value = Numbers.parse(row[targetColumns[t]], csv.source(), line,
                            csv.header().get(targetColumns[t]));
                    if (Float.isNaN(value)) {
                        if (missing == MissingValues.DROP) {
                            dropped++;
                            continue rows;
                        }
                        throw missingValue(csv, line, targetColumns[t], row);
                    }
                    y[kept * targetWidth + t] = value;
                }
            }
            if (weights != null) {
                float weight = Numbers.parse(row[weightAt], csv.source(), line, csv.header().get(weightAt));
                if (!(weight >= 0) || Float.isInfinite(weight)) {
                    if (Float.isNaN(weight) && missing == MissingValues.DROP) {
                        dropped++;
                        continue;
                    }
                    throw new IllegalArgumentException(Numbers.where(csv.source(), line, csv.header().get(weightAt))
                            + ": a weight must be a number, zero or positive, not '" + row[weightAt] + "'");
                }
                weights[kept] = weight;
            }
            lines[kept] = line;
            kept++;
        }
        if (kept == 0) {
            throw new IllegalArgumentException(csv.source() + " has no usable rows (" + dropped + " dropped)");
        }
        String[] targetNames = java.util.Arrays.stream(targetColumns).mapToObj(csv.header()::get).toArray(String[]::new);
        return new Table(csv.source(), names.toArray(new String[0]), targetNames, classNames,
                java.util.Arrays.copyOf(x, kept * width), y == null ? null : java.util.Arrays.copyOf(y, kept * targetWidth),
                labels == null ? null : java.util.Arrays.copyOf(labels, kept), java.util.Arrays.copyOf(lines, kept), dropped,
                weights == null ? null : java.util.Arrays.copyOf(weights, kept));
    }

    private static IllegalArgumentException missingValue(Csv csv, int line, int column, String[] row) {
        return new IllegalArgumentException(Numbers.where(csv.source(), line, csv.header().get(column)) + ": "
                + Numbers.whyMissing(row[column]) + " (choose a missing-value policy: drop or mean)");
    }

    /** The distinct labels, sorted (numerically when they are all numbers). */
    private static String[] classNames(Csv csv, int column) {
        TreeSet<String> labels = new TreeSet<>();
        for (String[] row : csv.rows()) {
            if (!row[column].isBlank()) {
                labels.add(row[column].trim());
            }
        }
        List<String> sorted = new ArrayList<>(labels);
        if (sorted.stream().allMatch(Numbers::isNumber)) {
            sorted.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        }
        if (sorted.size() < 2) {
            throw new IllegalArgumentException("column '" + csv.header().get(column) + "' has " + sorted.size()
                    + " distinct label(s); classification needs at least 2");
        }
        return sorted.toArray(new String[0]);
    }

    /** A column is numeric when most of its non-empty cells are numbers. */
    private static boolean mostlyNumeric(Csv csv, int column) {
        int numbers = 0;
        int texts = 0;
        for (String[] row : csv.rows()) {
            if (row[column].isBlank()) {
                continue;
            }
            if (Numbers.isNumber(row[column])) {
                numbers++;
            } else {
                texts++;
            }
        }
        return numbers > texts;
    }
}
