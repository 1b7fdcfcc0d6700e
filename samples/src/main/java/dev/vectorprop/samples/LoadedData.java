package dev.vectorprop.samples;

import dev.vectorprop.data.Csv;
import dev.vectorprop.data.Dataset;
import dev.vectorprop.data.FashionMnist;
import dev.vectorprop.data.IdxReader;
import dev.vectorprop.data.MissingValues;
import dev.vectorprop.data.Table;
import dev.vectorprop.data.TableReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Training and test data as the command line reads them: Fashion-MNIST (Debian's files, a folder of
 * IDX files, or the sample shipped in the jar; pixels 0–255 as the files hold them) or a CSV file split into train and test. Missing values
 * imputed with {@link MissingValues#MEAN} take the training split's means.
 *
 * @param csv whether the data came from a CSV file (its inputs are z-scored by default; IDX pixels are not)
 */
record LoadedData(Dataset train, Dataset test, String[] featureNames, String[] classNames, String[] targetNames,
                  boolean csv, String description) {
    static final String FASHION_MNIST = "fashion-mnist";

    /** How to read a CSV file: target(s), features, one-hot columns, task, missing values, weight column. */
    record CsvOptions(List<String> targets, List<String> features, List<String> oneHot, boolean classification,
                      MissingValues missing, String weightColumn) {
        TableReader reader() {
            return new TableReader().targets(targets).features(features).oneHot(oneHot).classification(classification)
                    .missing(missing).weightColumn(weightColumn);
        }
    }

    static boolean isIdx(String data) {
        return data.equals(FASHION_MNIST) || Files.isDirectory(Path.of(data));
    }

    /** Fashion-MNIST's training and test sets. */
    static LoadedData fashionMnist(String data, PrintStream out) throws IOException {
        Dataset train;
        Dataset test;
        String description;
        if (!data.equals(FASHION_MNIST)) {
            train = FashionMnist.training(Path.of(data));
            test = FashionMnist.test(Path.of(data));
            description = "Fashion-MNIST from " + data;
        } else if (FashionMnist.isInstalled(FashionMnist.DEFAULT_DIRECTORY)) {
            train = FashionMnist.training(FashionMnist.DEFAULT_DIRECTORY);
            test = FashionMnist.test(FashionMnist.DEFAULT_DIRECTORY);
            description = "Fashion-MNIST";
        } else {
            out.println("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist): using the "
                    + "6,000-image sample shipped with vectorprop; expect a lower accuracy than on the full set.");
            train = bundledFashionMnist("train");
            test = bundledFashionMnist("t10k");
            description = "the bundled Fashion-MNIST sample";
        }
        return new LoadedData(rawPixels(train), rawPixels(test), null, FashionMnist.CLASS_NAMES.clone(),
                new String[] {"label"}, false, description);
    }

    /** The images with the pixel values the files hold, 0–255 (the readers give them divided by 255). */
    private static Dataset rawPixels(Dataset images) {
        float[] pixels = images.inputs().clone();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = Math.round(pixels[i] * 255);
        }
        return images.withInputs(pixels);
    }

    private static Dataset bundledFashionMnist(String prefix) throws IOException {
        String images = "fashion-mnist-small/" + prefix + "-images-idx3-ubyte.gz";
        String labels = "fashion-mnist-small/" + prefix + "-labels-idx1-ubyte.gz";
        try (InputStream x = LoadedData.class.getResourceAsStream(images);
             InputStream y = LoadedData.class.getResourceAsStream(labels)) {
            if (x == null || y == null) {
                throw new IOException("the bundled Fashion-MNIST sample is missing from the jar: " + images);
            }
            return IdxReader.read(images, x, labels, y, FashionMnist.CLASSES);
        }
    }

    /** A CSV file (or the bundled California housing file, named "california-housing"), split for testing. */
    static LoadedData csv(String data, CsvOptions options, String testPathOrFraction, long seed, PrintStream out)
            throws IOException {
        Table all = options.reader().read(readCsv(data));
        if (all.dropped() > 0) {
            out.printf("%s: dropped %,d rows with missing or non-numeric values%n", data, all.dropped());
        }
        Table train;
        Table test;
        if (isFraction(testPathOrFraction)) {
            Table[] parts = all.split(Double.parseDouble(testPathOrFraction), seed);
            train = parts[0];
            test = parts[1];
        } else {
            train = all;
            test = options.reader().read(readCsv(testPathOrFraction));
            if (!List.of(test.featureNames()).equals(List.of(train.featureNames()))) {
                throw new IllegalArgumentException(testPathOrFraction + " gives features " + List.of(test.featureNames())
                        + ", the training data " + List.of(train.featureNames()));
            }
        }
        float[] means = train.columnMeans();
        return new LoadedData(train.impute(means).toDataset(), test.impute(means).toDataset(), train.featureNames(),
                train.classNames(), train.targetNames(), true, data);
    }

    static Csv readCsv(String data) throws IOException {
        if (data.equals("california-housing")) {
            try (InputStream in = LoadedData.class.getResourceAsStream("california_housing.csv")) {
                return Csv.read("california_housing.csv", new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        }
        try {
            return Csv.read(Path.of(data));
        } catch (NoSuchFileException e) {
            throw new IOException(e.getMessage() + " (give a CSV file, a folder of IDX files, 'fashion-mnist' or "
                    + "'california-housing')", e);
        }
    }

    /** Whether --test is a number, and so meant as a fraction rather than a file. */
    static boolean isNumber(String value) {
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static boolean isFraction(String value) {
        if (!isNumber(value)) {
            return false;
        }
        double f = Double.parseDouble(value);
        return f > 0 && f < 1;
    }
}
