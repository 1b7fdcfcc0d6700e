package dev.vectorprop.bench;

import dev.vectorprop.samples.LinePlot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws seconds per epoch against batch size for 784-512-512-10 from the JSON lines of
 * {@code vs-pytorch.sh}: one line per system, kernels and thread count. Arguments: the JSON lines file,
 * the PNG to write.
 */
public final class PlotEndToEnd {
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\\s*\"?([^,\"}]+)\"?");

    private PlotEndToEnd() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Map<Integer, Double>> series = new TreeMap<>();
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        for (String line : lines) {
            Map<String, String> f = new TreeMap<>();
            Matcher m = FIELD.matcher(line);
            while (m.find()) {
                f.put(m.group(1), m.group(2));
            }
            if (!"mnist-784-512-512-10".equals(f.get("model")) || f.get("kernels").equals("scalar")) {
                continue; // scalar kernels, 20× slower, would flatten the rest
            }
            String threads = f.get("threads").equals("1") ? "1 thread" : f.get("threads") + " threads";
            String name = switch (f.get("system")) {
                case "pytorch" -> "PyTorch";
                case "dl4j" -> "DL4J";
                default -> "vectorprop " + f.get("kernels");
            } + ", " + threads;
            series.computeIfAbsent(name, k -> new TreeMap<>())
                    .put(Integer.parseInt(f.get("batch")), Double.parseDouble(f.get("seconds_per_epoch")));
        }
        LinePlot plot = new LinePlot("784-512-512-10 on Fashion-MNIST: time per epoch against batch size",
                "batch size", "seconds per epoch (60,000 samples)").logX();
        series.forEach((name, points) -> plot.add(name,
                points.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                points.values().stream().mapToDouble(Double::doubleValue).toArray()));
        plot.write(Path.of(args[1]));
    }
}
