package dev.vectorprop.samples;

import dev.vectorprop.data.Scaler;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Predictor;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Provenance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every failure of a request gets a status and a JSON body, on servers made to fail in each way. */
class PredictServerErrorsTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);
    private static HttpClient client;

    @BeforeAll
    static void start() {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static HttpResponse<String> post(PredictServer server, String body) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/predict");
        return client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String rows(int count, int width, String value) {
        String row = "[" + String.join(",", Collections.nCopies(width, value)) + "]";
        return "{\"rows\": [" + String.join(",", Collections.nCopies(count, row)) + "]}";
    }

    @Test
    void aValueTheInputScalingTakesBeyondFloatGetsA400NamingRowAndColumn() throws Exception {
        // a regression model whose inputs are z-scored with σ = 0.1: 3e38 is a float, 3e39 is not
        Network net = Network.builder(3).dense(4, Activation.RELU).dense(1, Activation.IDENTITY).seed(1).build();
        Model model = new Model(net, new Scaler(Scaler.Kind.Z_SCORE, new float[3], new float[] {10, 10, 10}),
                new Scaler(Scaler.Kind.Z_SCORE, new float[] {100}, new float[] {0.5f}), null,
                new String[] {"x", "y", "z"}, new String[] {"t"}, Provenance.unknown());
        try (PredictServer server = new PredictServer(model.predictor(), null, ANY_PORT, 1, 100)) {
            HttpResponse<String> response = post(server, "{\"rows\": [[1, 2, 3], [0, 3e38, -3e38]]}");
            assertEquals(400, response.statusCode());
            String error = (String) ((Map<?, ?>) Json.parse(response.body())).get("error");
            assertTrue(error.matches("row 1, column 1 \\('y'\\) is 3\\.0+\\d*E38, which the model's input scaling "
                    + "takes beyond float's range"), error);
            HttpResponse<String> good = post(server, "{\"rows\": [[1, 2, 3]]}");
            assertEquals(200, good.statusCode());
            float expected = model.predictor().predict(new float[] {1, 2, 3})[0];
            assertEquals("{\"predictions\":[[" + expected + "]]}", good.body(), "in the target's units, no classes");
        }
    }

    /** A predictor of the given shape, whose own predictions the tests replace. */
    private static Predictor predictorOf(int inputs, int outputs) {
        return Predictor.of(Network.builder(inputs).dense(outputs, Activation.IDENTITY).build(), Kernels.scalar());
    }

    @Test
    void anUnexpectedFailureGetsA500WithAMessageAndNoStackTrace() throws Exception {
        PredictServer.Batch broken = (x, rows, out) -> {
            throw new IllegalStateException("a bug in the model's code at dev.vectorprop.Secret");
        };
        try (PredictServer server = new PredictServer(predictorOf(2, 1), broken, null, ANY_PORT, 1, 100)) {
            HttpResponse<String> response = post(server, rows(1, 2, "1"));
            assertEquals(500, response.statusCode());
            assertEquals("{\"error\":\"internal error: IllegalStateException; the server's log has the details\"}",
                    response.body());
            // and the worker lives on
            assertEquals(400, post(server, "{}").statusCode());
        }
    }

    @Test
    void aNonFiniteOutputGetsA400NamingTheRow() throws Exception {
        PredictServer.Batch overflowing = (x, rows, out) -> {
            Arrays.fill(out, 0, rows * 2, 0.5f);
            out[3] = Float.POSITIVE_INFINITY;
        };
        try (PredictServer server = new PredictServer(predictorOf(1, 2), overflowing, new String[] {"no", "yes"},
                ANY_PORT, 1, 100)) {
            HttpResponse<String> response = post(server, rows(3, 1, "1e30"));
            assertEquals(400, response.statusCode());
            assertEquals("{\"error\":\"row 1 gives output 1 = Infinity: its values are beyond what the model can "
                    + "compute with\"}", response.body());
        }
    }

    @Test
    void tooManyRowsGetA413NamingTheCapBeforeTheRestIsRead() throws Exception {
        Network net = Network.builder(2).dense(2, Activation.SOFTMAX).seed(3).build();
        try (PredictServer server = new PredictServer(Model.of(net).predictor(), new String[] {"p", "q"}, ANY_PORT, 1,
                10)) {
            HttpResponse<String> ten = post(server, rows(10, 2, "0.5"));
            assertEquals(200, ten.statusCode());
            assertEquals(10, ((List<?>) ((Map<?, ?>) Json.parse(ten.body())).get("classes")).size());
            String message = "{\"error\":\"more than 10 rows: the server takes at most 10 rows a request "
                    + "(serve --max-rows); split the request\"}";
            HttpResponse<String> eleven = post(server, rows(11, 2, "0.5"));
            assertEquals(413, eleven.statusCode());
            assertEquals(message, eleven.body());
            // the refusal comes at row 11, however much follows (and however wrong: it is never read)
            HttpResponse<String> many = post(server, rows(1_000_000, 2, "0.5").replace("]]}", "], nonsense"));
            assertEquals(413, many.statusCode());
            assertEquals(message, many.body());
        }
    }

    @Test
    void theServerRefusesClassNamesThatDoNotFitTheOutputs() {
        Network net = Network.builder(2).dense(3, Activation.SOFTMAX).seed(3).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PredictServer(Model.of(net).predictor(), new String[] {"p", "q"}, ANY_PORT, 1, 10));
        assertEquals("2 class names for 3 outputs", e.getMessage());
    }
}
