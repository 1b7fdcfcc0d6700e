package dev.vectorprop.samples;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart written as a PNG with the JDK's own imaging (headless): title, labelled axes with
 * ticks, a legend, markers on the points, optional log-2 x axis (batch sizes, widths).
 */
public final class LinePlot {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private boolean logX;

    private record Series(String name, double[] x, double[] y) {
    }

    public LinePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** A log-2 x axis, for sizes that double. */
    public LinePlot logX() {
        this.logX = true;
        return this;
    }

    public LinePlot add(String name, double[] x, double[] y) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("series '" + name + "' needs as many x as y values, at least one");
        }
        series.add(new Series(name, x.clone(), y.clone()));
        return this;
    }

    /** Writes the chart to a PNG, through a temporary file so a reader never sees half a picture. */
    public void write(Path file) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g);
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".plot", ".png");
        try {
            ImageIO.write(image, "png", temporary.toFile());
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void draw(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                if (Double.isFinite(s.y[i])) {
                    minX = Math.min(minX, tx(s.x[i]));
                    maxX = Math.max(maxX, tx(s.x[i]));
                    minY = Math.min(minY, s.y[i]);
                    maxY = Math.max(maxY, s.y[i]);
                }
            }
        }
        if (minX == maxX) {
            minX -= 1;
            maxX += 1;
        }
        double xPad = (maxX - minX) * 0.03;
        minX -= xPad;
        maxX += xPad;
        double pad = (maxY - minY) * 0.08;
        if (pad == 0) {
            pad = Math.max(Math.abs(maxY) * 0.1, 1e-3);
        }
        minY -= pad;
        maxY += pad;
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        Axes axes = new Axes(minX, maxX, minY, maxY, plotW, plotH);

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        centered(g, title, WIDTH / 2, 32);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(new Color(0xdddddd));
        for (double tick : ticks(minY, maxY)) {
            int y = axes.py(tick);
            g.drawLine(LEFT, y, LEFT + plotW, y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        FontMetrics fm = g.getFontMetrics();
        for (double tick : ticks(minY, maxY)) {
            int y = axes.py(tick);
            String label = format(tick);
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
            g.drawLine(LEFT - 4, y, LEFT, y);
        }
        for (double tick : xTicks(minX, maxX)) {
            int x = axes.px(tick);
            g.drawLine(x, TOP + plotH, x, TOP + plotH + 4);
            centered(g, format(logX ? Math.pow(2, tick) : tick), x, TOP + plotH + 20);
        }
        centered(g, xLabel, LEFT + plotW / 2, HEIGHT - 22);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        centered(rotated, yLabel, -(TOP + plotH / 2), 24);
        rotated.dispose();

        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            g.setColor(PALETTE[s % PALETTE.length]);
            g.setStroke(new BasicStroke(2.2f));
            Path2D path = new Path2D.Double();
            boolean started = false;
            for (int i = 0; i < line.x.length; i++) {
                if (!Double.isFinite(line.y[i])) {
                    continue;
                }
                int x = axes.px(tx(line.x[i]));
                int y = axes.py(line.y[i]);
                if (started) {
                    path.lineTo(x, y);
                } else {
                    path.moveTo(x, y);
                    started = true;
                }
                if (line.x.length <= 40) {
                    g.fillOval(x - 4, y - 4, 8, 8);
                }
            }
            g.draw(path);
            int ly = TOP + 18 + s * 20;
            int lx = LEFT + plotW - 290;
            g.drawLine(lx, ly - 4, lx + 24, ly - 4);
            g.setColor(Color.BLACK);
            g.drawString(line.name, lx + 32, ly);
        }
    }

    private double tx(double x) {
        return logX ? Math.log(x) / Math.log(2) : x;
    }

    private record Axes(double minX, double maxX, double minY, double maxY, int width, int height) {
        int px(double x) {
            return LEFT + (int) Math.round((x - minX) / (maxX - minX) * width);
        }

        int py(double y) {
            return TOP + height - (int) Math.round((y - minY) / (maxY - minY) * height);
        }
    }

    private List<Double> xTicks(double min, double max) {
        if (!logX) {
            return ticks(min, max);
        }
        List<Double> ticks = new ArrayList<>();
        for (double t = Math.ceil(min); t <= max + 1e-9; t++) {
            ticks.add(t);
        }
        return ticks;
    }

    /** About six round-numbered ticks between min and max. */
    private static List<Double> ticks(double min, double max) {
        double raw = (max - min) / 6;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude * (raw / magnitude < 2 ? 2 : raw / magnitude < 5 ? 5 : 10);
        List<Double> ticks = new ArrayList<>();
        for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        return ticks;
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return Math.abs(v) >= 0.01 ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.1e", v);
    }

    private static void centered(Graphics2D g, String text, int x, int y) {
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, y);
    }
}
