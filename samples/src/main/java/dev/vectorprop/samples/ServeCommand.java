package dev.vectorprop.samples;

import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code vectorprop serve}: a saved model over HTTP until the process is stopped. Rows are taken in the
 * model's input units: the model's input scaler is applied, and regression outputs are un-scaled.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a saved model: POST /predict {\"rows\": [[...]]}, GET /health.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions options;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks one).")
    int port;

    @Option(names = "--threads", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = "--max-rows", defaultValue = "" + PredictServer.DEFAULT_MAX_ROWS, description = "Rows a request "
            + "may carry; more get HTTP 413 (default: ${DEFAULT-VALUE}).")
    int maxRows;

    @Override
    public Integer call() throws Exception {
        if (maxRows < 1) {
            throw new ParameterException(spec.commandLine(), "--max-rows must be at least 1, not " + maxRows);
        }
        KernelChoice.warmUpWhileLoading(options.kernels(spec));
        Model model = options.load();
        Predictor predictor = options.predictor(model, spec);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        try (PredictServer server = new PredictServer(predictor, model.classNames(), new InetSocketAddress(host, port),
                workers, maxRows)) {
            System.out.printf("serving %s on http://%s:%d (POST /predict of up to %d rows, GET /health); stop with Ctrl-C%n",
                    options.file, server.address().getHostString(), server.address().getPort(), maxRows);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return 0;
    }
}
