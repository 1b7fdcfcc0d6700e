package dev.vectorprop.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vectorprop.nn.Predictor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Serves a model over HTTP with the JDK's built-in server: {@code POST /predict} takes
 * {@code {"rows": [[x, ...], ...]}} and answers {@code {"predictions": [[y, ...], ...], "classes": [k, ...]}};
 * {@code GET /health} answers {@code {"status":"ok", ...}}. Every request gets a status and a JSON body:
 * bad input (malformed JSON, a wrong row width, a non-number, a value that is or that the model's
 * scaling makes non-finite) 400 with a message naming the row and column, too large a body or too
 * many rows 413, a wrong method 405, and anything unexpected 500 (logged to stderr), never a dead
 * worker or a closed connection.
 *
 * <p>The body is read as it streams, its numbers straight into one float array (no tree of boxed
 * numbers), and the answer is written as it is formatted, so a request costs about its rows' floats
 * in memory. A bounded pool of worker threads runs the predictions; when its queue is full the
 * accepting thread runs the request itself, which slows accepting: back-pressure instead of dropped
 * connections.
 */
public final class PredictServer implements AutoCloseable {
    /** The largest request body read; larger ones get 413. */
    static final int MAX_BODY_BYTES = 16 << 20;
    /**
     * The default cap on rows per request: 65,536 rows (a 14 MB body at 20 inputs) take a quarter of a
     * second warm and a few MB of floats (so a worker is not held for seconds, nor the heap by a few
     * large requests at once), and larger batches predict no faster, the predictor working through 256
     * rows at a time.
     */
    public static final int DEFAULT_MAX_ROWS = 65_536;
    private static final String SHAPE = "expected an object {\"rows\": [[...], ...]}";
    /** Answers of up to this many bytes go out with their length; longer ones stream chunked. */
    private static final int ANSWER_BUFFER = 32 << 10;

    /** Predicts {@code rows} rows of x into out, as {@link Predictor#predict(float[], int, float[])} does. */
    interface Batch {
        void predict(float[] x, int rows, float[] out);
    }

    private final HttpServer server;
    private final ThreadPoolExecutor workers;
    private final int inputs;
    private final int outputs;
    private final Batch batch;
    /** Reads the answers' classes from the outputs. */
    private final Predictor predictor;
    /** Each class name as a JSON string in UTF-8; null for regression. */
    private final byte[][] classes;
    private final int maxRows;
    private final String health;

    /**
     * Starts serving on the address (port 0 picks a free one). Rows are given to the predictor as they
     * come: a model's predictor ({@link dev.vectorprop.nn.Model#predictor()}) takes them in the data's own
     * units. {@code classNames} may be null for regression; with it, answers also carry each row's most
     * likely class. A request of more than {@code maxRows} rows gets 413.
     */
    public PredictServer(Predictor predictor, String[] classNames, InetSocketAddress address, int threads,
                         int maxRows) throws IOException {
        this(predictor, predictor::predict, classNames, address, threads, maxRows);
    }

    /** A server whose batches go through {@code batch} instead: a test's way to make the prediction itself fail. */
    PredictServer(Predictor predictor, Batch batch, String[] classNames, InetSocketAddress address, int threads,
                  int maxRows) throws IOException {
        int inputs = predictor.inputs();
        int outputs = predictor.outputs();
        if (classNames != null && classNames.length != outputs && !(classNames.length == 2 && outputs == 1)) {
            throw new IllegalArgumentException(classNames.length + " class names for " + outputs + " outputs");
        }
        if (maxRows < 1 || (long) maxRows * Math.max(inputs, outputs) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the row cap must be from 1 to " + (Integer.MAX_VALUE - 8)
                    / Math.max(inputs, outputs) + " for this model, not " + maxRows);
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.batch = batch;
        this.predictor = predictor;
        this.maxRows = maxRows;
        StringBuilder health = new StringBuilder("{\"status\":\"ok\",\"inputs\":").append(inputs)
                .append(",\"outputs\":").append(outputs).append(",\"maxRows\":").append(maxRows);
        if (classNames != null) {
            classes = new byte[classNames.length][];
            for (int k = 0; k < classNames.length; k++) {
                classes[k] = Json.quote(classNames[k]).getBytes(StandardCharsets.UTF_8);
                health.append(k == 0 ? ",\"classes\":[" : ",").append(Json.quote(classNames[k]));
            }
            health.append(']');
        } else {
            classes = null;
        }
        this.health = health.append('}').toString();
        workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024),
                runnable -> {
                    Thread t = new Thread(runnable, "vectorprop-http");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        server = HttpServer.create(address, 256);
        server.setExecutor(workers);
        server.createContext("/predict", exchange -> respond(exchange, this::predict));
        server.createContext("/health", exchange -> respond(exchange, this::health));
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** A request refused with an HTTP status and a message for the client. */
    private static final class Refusal extends RuntimeException {
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /**
     * Runs a handler so that every request is answered: a refusal with its status, anything unexpected
     * with 500 (and its stack trace on stderr, not to the client). Only a client that went away, or a
     * failure once the answer has begun, leaves without a status: the connection is then closed.
     */
    private static void respond(HttpExchange exchange, Handler handler) {
        try (exchange) {
            try {
                handler.handle(exchange);
            } catch (Refusal e) {
                send(exchange, e.status, error(e.getMessage()));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (RuntimeException e) {
                System.err.println("vectorprop server: " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI() + " failed:");
                e.printStackTrace();
                if (exchange.getResponseCode() == -1) {
                    send(exchange, 500, error("internal error: " + e.getClass().getSimpleName()
                            + "; the server's log has the details"));
                }
            }
        } catch (IOException e) {
            // the client went away: nobody to answer
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            throw new Refusal(405, "use GET /health");
        }
        send(exchange, 200, health);
    }

    private void predict(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            throw new Refusal(405, "use POST /predict with {\"rows\": [[...], ...]}");
        }
        Rows rows;
        try (InputStream body = exchange.getRequestBody()) {
            try {
                rows = read(new Json(body, MAX_BODY_BYTES));
            } catch (Refusal | IllegalArgumentException refused) {
                discardUnread(body);
                throw refused;
            }
        } catch (Json.TooLong e) {
            throw new Refusal(413, "the request is larger than " + MAX_BODY_BYTES + " bytes");
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, e.getMessage());
        }
        float[] out = new float[rows.count * outputs];
        try {
            // the predictor works through Predictor.CHUNK rows at a time in its own workspace
            batch.predict(rows.x, rows.count, out);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, e.getMessage()); // a value the model's input scaling makes non-finite
        }
        for (int i = 0; i < out.length; i++) {
            if (!Float.isFinite(out[i])) {
                throw new Refusal(400, "row " + i / outputs + " gives output " + i % outputs + " = " + out[i]
                        + ": its values are beyond what the model can compute with");
            }
        }
        answer(exchange, out, rows.count);
    }

    /** The rows of a request: {@code count} rows of {@link #inputs} floats from the start of x. */
    private record Rows(float[] x, int count) {
    }

    /** Reads {@code {"rows": [[x, ...], ...]}}, failing on the first error with its row and column. */
    private Rows read(Json json) {
        if (json.peek() != '{') {
            json.value(); // malformed JSON says so first
            throw new IllegalArgumentException(SHAPE);
        }
        json.expect('{');
        Rows rows = null;
        if (!json.consume('}')) {
            do {
                String key = json.string();
                json.expect(':');
                if (!key.equals("rows")) {
                    json.value(); // other keys are allowed, and ignored
                } else if (rows == null) {
                    rows = rows(json);
                } else {
                    throw new IllegalArgumentException("\"rows\" is given twice");
                }
            } while (json.consume(','));
            json.expect('}');
        }
        json.end();
        if (rows == null) {
            throw new IllegalArgumentException(SHAPE);
        }
        return rows;
    }

    private Rows rows(Json json) {
        if (json.peek() != '[') {
            json.value();
            throw new IllegalArgumentException(SHAPE);
        }
        json.expect('[');
        if (json.consume(']')) {
            throw new IllegalArgumentException("\"rows\" is empty");
        }
        float[] x = new float[Math.min(maxRows, Predictor.CHUNK) * inputs];
        int count = 0;
        do {
            if (count == maxRows) {
                throw new Refusal(413, "more than " + maxRows + " rows: the server takes at most " + maxRows
                        + " rows a request (serve --max-rows); split the request");
            }
            if (x.length < (count + 1) * inputs) {
                x = Arrays.copyOf(x, (int) Math.min((long) maxRows * inputs, 2L * x.length));
            }
            row(json, count, x);
            count++;
        } while (json.consume(','));
        json.expect(']');
        return new Rows(x, count);
    }

    /** Reads row r into its place in x. */
    private void row(Json json, int r, float[] x) {
        if (!json.consume('[')) {
            throw wrongWidth(r);
        }
        for (int c = 0; c < inputs; c++) {
            if (c > 0 && json.peek() != ']') {
                json.expect(',');
            }
            int next = json.peek();
            if (next == ']') {
                throw wrongWidth(r);
            }
            if (next != '-' && (next < '0' || next > '9')) {
                json.value(); // malformed JSON says so first
                throw new IllegalArgumentException("row " + r + ", column " + c + " is not a number");
            }
            double value = json.number();
            x[r * inputs + c] = (float) value;
            if (Float.isInfinite(x[r * inputs + c])) {
                throw new IllegalArgumentException("row " + r + ", column " + c + " is not a finite float: " + value
                        + " overflows float (largest ±3.4e38)");
            }
        }
        if (json.peek() == ',') {
            throw wrongWidth(r);
        }
        json.expect(']');
    }

    private IllegalArgumentException wrongWidth(int r) {
        return new IllegalArgumentException("row " + r + " must be an array of " + inputs + " numbers");
    }

    /** Writes the answer as it is formatted: no String of the whole answer is made. */
    private void answer(HttpExchange exchange, float[] out, int count) throws IOException {
        Answer answer = new Answer(exchange);
        answer.write("{\"predictions\":[");
        for (int r = 0; r < count; r++) {
            answer.write(r == 0 ? "[" : ",[");
            for (int c = 0; c < outputs; c++) {
                answer.write(c == 0 ? "" : ",");
                answer.write(Json.number(out[r * outputs + c]));
            }
            answer.write("]");
        }
        answer.write("]");
        if (classes != null) {
            answer.write(",\"classes\":[");
            for (int r = 0; r < count; r++) {
                answer.write(r == 0 ? "" : ",");
                answer.write(classes[predictor.classOf(out, r)]);
            }
            answer.write("]");
        }
        answer.write("}");
        answer.finish();
    }

    /** A 200 answer's bytes: sent with their length if they fit the buffer, else streamed chunked as it fills. */
    private static final class Answer {
        private final HttpExchange exchange;
        private final byte[] buffer = new byte[ANSWER_BUFFER];
        private int size;
        /** The response body, once the answer has outgrown the buffer. */
        private OutputStream body;

        Answer(HttpExchange exchange) {
            this.exchange = exchange;
        }

        /** Writes text that is ASCII (numbers and punctuation). */
        void write(String ascii) throws IOException {
            for (int i = 0; i < ascii.length(); i++) {
                if (size == buffer.length) {
                    flush();
                }
                buffer[size++] = (byte) ascii.charAt(i);
            }
        }

        void write(byte[] bytes) throws IOException {
            for (byte b : bytes) {
                if (size == buffer.length) {
                    flush();
                }
                buffer[size++] = b;
            }
        }

        private void flush() throws IOException {
            if (body == null) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                body = exchange.getResponseBody();
            }
            body.write(buffer, 0, size);
            size = 0;
        }

        void finish() throws IOException {
            if (body == null) {
                send(exchange, 200, buffer, size);
            } else {
                flush();
                body.close();
            }
        }
    }

    /**
     * Reads and drops what the client still sends after a refusal, up to {@link #MAX_BODY_BYTES}: closed with
     * unread bytes, the connection would be reset and the client could lose the answer before reading it.
     */
    private static void discardUnread(InputStream body) throws IOException {
        byte[] sink = new byte[64 << 10];
        long left = MAX_BODY_BYTES;
        for (int n; left > 0 && (n = body.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
            left -= n;
        }
    }

    private static String error(String message) {
        return "{\"error\":" + Json.quote(message) + "}";
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        send(exchange, status, bytes, bytes.length);
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes, int length) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes, 0, length);
        }
    }

    /** Stops accepting, lets requests in flight finish (up to a second), and ends the worker threads. */
    @Override
    public void close() {
        server.stop(1);
        workers.shutdown();
    }
}
