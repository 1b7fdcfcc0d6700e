package dev.vectorprop.samples;

import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The cost of large requests, printed (never asserted): a body of the most rows the server takes, one
 * row over it, and 1.1 million rows (the request that once took 18.7 s and 3 GB) with the cap raised.
 * Memory is the JVM's: bytes allocated by all threads during the request, and the heap's peak during
 * it above what was in use after a GC just before (garbage included: a ceiling, not a live set). The
 * client shares the JVM but sends a ready byte array and reads the answer without keeping it.
 */
class PredictServerLargeRequestTest {
    @Test
    void largeRequestsCostAboutTheirRows() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            int cap = PredictServer.DEFAULT_MAX_ROWS;
            measure(client, 20, cap, cap, 200);
            measure(client, 20, cap, cap, 200); // warm
            measure(client, 20, cap, cap + 1, 413);
            measure(client, 2, 2_000_000, 1_100_000, 200);
        }
        System.out.printf(Locale.ROOT, "large requests: peak RSS of the whole test JVM (VmHWM) %d MB%n", vmHwmKb() / 1024);
    }

    private static void measure(HttpClient client, int inputs, int maxRows, int rows, int status) throws Exception {
        Network net = Network.builder(inputs).dense(32, Activation.RELU).dense(3, Activation.SOFTMAX).seed(5).build();
        byte[] body = body(inputs, rows);
        try (PredictServer server = new PredictServer(Model.of(net).predictor(), new String[] {"a", "b", "c"},
                new InetSocketAddress("127.0.0.1", 0), 1, maxRows)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                    + "/predict")).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            System.gc();
            long heapBefore = 0;
            for (MemoryPoolMXBean pool : heapPools()) {
                heapBefore += pool.getUsage().getUsed();
                pool.resetPeakUsage();
            }
            long allocatedBefore = allocated();
            long started = System.nanoTime();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long answered;
            try (InputStream in = response.body()) {
                answered = in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long allocated = allocated() - allocatedBefore;
            long heapPeak = 0;
            for (MemoryPoolMXBean pool : heapPools()) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
            assertEquals(status, response.statusCode());
            System.out.printf(Locale.ROOT, "large request: %,d rows of %d (%.1f MB, cap %,d): %d, %.1f KB answer in "
                            + "%.2f s; %.0f MB allocated, heap peak %.0f MB above the %.0f MB in use before%n",
                    rows, inputs, body.length / 1e6, maxRows, status, answered / 1e3, seconds, allocated / 1e6,
                    (heapPeak - heapBefore) / 1e6, heapBefore / 1e6);
        }
    }

    /** Rows of random values as a client would write them (about 11 bytes a value). */
    private static byte[] body(int inputs, int rows) {
        SplittableRandom random = new SplittableRandom(rows);
        StringBuilder json = new StringBuilder(rows * (inputs * 11 + 3) + 16).append("{\"rows\":[");
        for (int r = 0; r < rows; r++) {
            json.append(r == 0 ? "[" : ",[");
            for (int c = 0; c < inputs; c++) {
                json.append(c == 0 ? "" : ",").append(inputs > 2 ? (float) random.nextDouble(-3, 3)
                        : (float) random.nextInt(1000) / 1000);
            }
            json.append(']');
        }
        return json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static java.util.List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    private static long vmHwmKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
