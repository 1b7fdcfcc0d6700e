package dev.vectorprop.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vectorprop.nn.Predictor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Serves a model over HTTP with the JDK's built-in server: {@code POST /predict} takes
 * {@code {"rows": [[x, ...], ...]}} and answers {@code {"predictions": [[y, ...], ...], "classes": [k, ...]}};
 * {@code GET /health} answers {@code {"status":"ok", ...}}. Bad requests (malformed JSON, a wrong row
 * width, NaN or non-numbers) get 400 with a message, never a dead worker. A bounded pool of worker
 * threads runs the predictions; when its queue is full the accepting thread runs the request itself,
 * which slows accepting: back-pressure instead of dropped connections.
 */
public final class PredictServer implements AutoCloseable {
    /** The largest request body read; larger ones get 413. */
    static final int MAX_BODY_BYTES = 16 << 20;

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final Predictor predictor;
    private final String[] classNames;

    /**
     * Starts serving on the address (port 0 picks a free one). Rows are given to the predictor as they
     * come: a model's predictor ({@link dev.vectorprop.nn.Model#predictor()}) takes them in the data's own
     * units. {@code classNames} may be null for regression; with it, answers also carry each row's most
     * likely class.
     */
    public PredictServer(Predictor predictor, String[] classNames, InetSocketAddress address, int threads)
            throws IOException {
        this.predictor = predictor;
        this.classNames = classNames;
        workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024),
                runnable -> {
                    Thread t = new Thread(runnable, "vectorprop-http");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        server = HttpServer.create(address, 256);
        server.setExecutor(workers);
        server.createContext("/predict", this::predict);
        server.createContext("/health", this::health);
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, error("use GET /health"));
                return;
            }
            send(exchange, 200, "{\"status\":\"ok\",\"inputs\":" + predictor.inputs() + ",\"outputs\":"
                    + predictor.outputs() + "}");
        }
    }

    private void predict(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                send(exchange, 405, error("use POST /predict with {\"rows\": [[...], ...]}"));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (body.length > MAX_BODY_BYTES) {
                send(exchange, 413, error("the request is larger than " + MAX_BODY_BYTES + " bytes"));
                return;
            }
            float[] rows;
            int count;
            try {
                List<?> list = rowsOf(Json.parse(new String(body, StandardCharsets.UTF_8)));
                count = list.size();
                rows = flatten(list);
            } catch (IllegalArgumentException e) {
                send(exchange, 400, error(e.getMessage()));
                return;
            }
            float[] out = new float[count * predictor.outputs()];
            predictor.predict(rows, count, out);
            send(exchange, 200, answer(out, count));
        } catch (RuntimeException e) {
            // A bug, not bad input: answer, keep the worker alive.
            sendQuietly(exchange, 500, error("internal error: " + e));
        }
    }

    private static List<?> rowsOf(Object document) {
        if (!(document instanceof Map<?, ?> map) || !(map.get("rows") instanceof List<?> rows)) {
            throw new IllegalArgumentException("expected an object {\"rows\": [[...], ...]}");
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("\"rows\" is empty");
        }
        return rows;
    }

    private float[] flatten(List<?> rows) {
        int width = predictor.inputs();
        float[] flat = new float[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            if (!(rows.get(r) instanceof List<?> row) || row.size() != width) {
                throw new IllegalArgumentException("row " + r + " must be an array of " + width + " numbers");
            }
            for (int c = 0; c < width; c++) {
                if (!(row.get(c) instanceof Double value)) {
                    throw new IllegalArgumentException("row " + r + ", column " + c + " is not a number");
                }
                float f = value.floatValue();
                if (!Float.isFinite(f)) {
                    throw new IllegalArgumentException("row " + r + ", column " + c + " is not a finite float");
                }
                flat[r * width + c] = f;
            }
        }
        return flat;
    }

    private String answer(float[] out, int count) {
        int width = predictor.outputs();
        StringBuilder json = new StringBuilder(count * width * 12 + 64).append("{\"predictions\":[");
        for (int r = 0; r < count; r++) {
            json.append(r == 0 ? "[" : ",[");
            for (int c = 0; c < width; c++) {
                json.append(c == 0 ? "" : ",").append(Json.number(out[r * width + c]));
            }
            json.append(']');
        }
        json.append(']');
        if (classNames != null) {
            json.append(",\"classes\":[");
            for (int r = 0; r < count; r++) {
                json.append(r == 0 ? "" : ",").append(Json.quote(classNames[predictor.classOf(out, r)]));
            }
            json.append(']');
        }
        return json.append('}').toString();
    }

    private static String error(String message) {
        return "{\"error\":" + Json.quote(message) + "}";
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendQuietly(HttpExchange exchange, int status, String json) {
        try {
            send(exchange, status, json);
        } catch (IOException | RuntimeException ignored) {
            // the client is gone or headers were already sent; nothing more to tell it
        }
    }

    /** Stops accepting, lets requests in flight finish (up to a second), and ends the worker threads. */
    @Override
    public void close() {
        server.stop(1);
        workers.shutdown();
    }
}
