package dev.vectorprop.samples;

import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Predictor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server sample under concurrent load and under bad input, on 127.0.0.1. */
class PredictServerTest {
    private static final int INPUTS = 20;
    private static final String[] CLASSES = {"a", "b", "c"};
    private static Predictor predictor;
    private static PredictServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        Network net = Network.builder(INPUTS).dense(32, Activation.RELU).dense(3, Activation.SOFTMAX).seed(4).build();
        predictor = Predictor.of(net, Kernels.auto());
        server = new PredictServer(predictor, CLASSES, new InetSocketAddress("127.0.0.1", 0), 2,
                PredictServer.DEFAULT_MAX_ROWS);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        server.close();
        client.close();
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return post(server, body);
    }

    static HttpResponse<String> post(PredictServer server, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(server, "/predict"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return uri(server, path);
    }

    private static URI uri(PredictServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    private static String rowsJson(float[][] rows) {
        StringBuilder json = new StringBuilder("{\"rows\":[");
        for (int r = 0; r < rows.length; r++) {
            json.append(r == 0 ? "[" : ",[");
            for (int c = 0; c < rows[r].length; c++) {
                json.append(c == 0 ? "" : ",").append(rows[r][c]);
            }
            json.append(']');
        }
        return json.append("]}").toString();
    }

    @Test
    void concurrentClientsGetExactlyTheModelsAnswers() throws Exception {
        int clients = 16;
        int requestsEach = 150;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            long seed = t;
            results.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                long[] latencies = new long[requestsEach];
                for (int i = 0; i < requestsEach; i++) {
                    float[][] rows = new float[1 + random.nextInt(4)][INPUTS];
                    for (float[] row : rows) {
                        for (int c = 0; c < INPUTS; c++) {
                            row[c] = (float) random.nextDouble(-3, 3);
                        }
                    }
                    long begin = System.nanoTime();
                    HttpResponse<String> response = post(rowsJson(rows));
                    latencies[i] = System.nanoTime() - begin;
                    assertEquals(200, response.statusCode(), response.body());
                    check(rows, response.body());
                }
                return latencies;
            }));
        }
        long[] all = new long[clients * requestsEach];
        int at = 0;
        for (Future<long[]> result : results) {
            for (long latency : result.get()) {
                all[at++] = latency;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "server load test: %d requests from %d clients in %.2f s: %.0f requests/s, "
                        + "p50 %.2f ms, p99 %.2f ms%n", all.length, clients, seconds, all.length / seconds,
                all[all.length / 2] / 1e6, all[all.length * 99 / 100] / 1e6);
    }

    @SuppressWarnings("unchecked")
    private static void check(float[][] rows, String body) {
        Map<String, Object> answer = (Map<String, Object>) Json.parse(body);
        List<Object> predictions = (List<Object>) answer.get("predictions");
        List<Object> classes = (List<Object>) answer.get("classes");
        assertEquals(rows.length, predictions.size());
        // the same request on this thread: the kernels' summation order may depend on the batch's size
        float[][] batch = predictor.predict(rows);
        for (int r = 0; r < rows.length; r++) {
            float[] expected = batch[r];
            List<Object> got = (List<Object>) predictions.get(r);
            for (int c = 0; c < expected.length; c++) {
                assertEquals(expected[c], ((Double) got.get(c)).floatValue(), "row " + r + " output " + c);
            }
            assertEquals(CLASSES[predictor.classOf(expected, 0)], classes.get(r));
        }
    }

    @Test
    void badRequestsGetA400WithAMessage() throws Exception {
        String row = rowsJson(new float[][] {new float[INPUTS]});
        assertBadRequest("{\"rows\": [[1, 2", "malformed JSON");
        assertBadRequest("[1, 2]", "expected an object");
        assertBadRequest("{\"rows\": []}", "empty");
        assertBadRequest("{\"rows\": [[1, 2, 3]]}", "row 0 must be an array of 20 numbers");
        assertBadRequest(row.replaceFirst("0\\.0", "NaN"), "malformed JSON");
        assertBadRequest(row.replaceFirst("0\\.0", "1e39"), "row 0, column 0 is not a finite float");
        assertBadRequest(row.replaceFirst("0\\.0", "1e39"), "overflows float");
        String zeros = "0,".repeat(INPUTS - 1) + "0";
        assertBadRequest("{\"rows\": [[" + zeros + "], [0, 0, 0, -1e39" + ",0".repeat(INPUTS - 4) + "]]}",
                "row 1, column 3 is not a finite float: -1.0E39 overflows float");
        assertBadRequest("{\"rows\": [[" + zeros + "], [0, 0, true" + ",0".repeat(INPUTS - 3) + "]]}",
                "row 1, column 2 is not a number");
        assertBadRequest("{\"rows\": 5}", "expected an object");
        assertBadRequest("{\"rows\": [5]}", "row 0 must be an array of 20 numbers");
        assertBadRequest("{\"rows\": [[" + zeros + ", 0]]}", "row 0 must be an array of 20 numbers");
        assertBadRequest(row.replace("}", ", \"rows\": []}"), "is given twice");
        assertBadRequest(row + " x", "malformed JSON at offset " + (row.length() + 1));
        assertBadRequest(row.replaceFirst("0\\.0", "\"x\""), "row 0, column 0 is not a number");
        assertBadRequest("[".repeat(100_000), "nesting deeper");
        // and the server still answers
        assertEquals(200, post(row).statusCode());
    }

    @Test
    void wrongMethodsGet405AndHealthDescribesTheModel() throws Exception {
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(uri("/predict")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertEquals("{\"error\":\"use POST /predict with {\\\"rows\\\": [[...], ...]}\"}", get.body());
        HttpResponse<String> postHealth = client.send(HttpRequest.newBuilder(uri("/health"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, postHealth.statusCode());
        assertEquals("{\"error\":\"use GET /health\"}", postHealth.body());
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(uri("/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals(Map.of("status", "ok", "inputs", 20.0, "outputs", 3.0, "maxRows", 65536.0,
                "classes", List.of("a", "b", "c")), Json.parse(health.body()));
    }

    @Test
    void aLargeAnswerStreamsAndIsExact() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        float[][] rows = new float[5000][INPUTS];
        for (float[] row : rows) {
            for (int c = 0; c < INPUTS; c++) {
                row[c] = (float) random.nextDouble(-3, 3);
            }
        }
        HttpResponse<String> response = post(rowsJson(rows));
        assertEquals(200, response.statusCode());
        assertTrue(response.body().length() > 32 << 10, "longer than the server's buffer: sent chunked");
        check(rows, response.body());
    }

    @Test
    void aBodyOverTheCapGetsA413() throws Exception {
        String body = "{\"rows\": [[" + " ".repeat(PredictServer.MAX_BODY_BYTES) + "0]]}";
        HttpResponse<String> response = post(body);
        assertEquals(413, response.statusCode());
        assertEquals("{\"error\":\"the request is larger than 16777216 bytes\"}", response.body());
    }

    private static void assertBadRequest(String body, String message) throws Exception {
        HttpResponse<String> response = post(body);
        assertEquals(400, response.statusCode(), body.length() > 80 ? body.substring(0, 80) : body);
        assertTrue(response.body().contains(message), response.body() + " should mention " + message);
    }
}
