package dev.vectorprop.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.vectorprop.kernel.Kernels;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Precision;
import dev.vectorprop.nn.Predictor;
import dev.vectorprop.onnx.OnnxExport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The same 784-512-512-10 model (EndToEnd.mlp(), seed 0) in vectorprop's predictor, float and bfloat16 weights,
 * and in ONNX Runtime's Java API in the same JVM, exported by {@link OnnxExport}: the latency of one row
 * (each call the next of 16 random rows, as InferenceBenchmark) and of a batch of 256. Sample mode gives the
 * median and the p99.
 *
 * <p>Both engines with {@code threads} threads per call: vectorprop's predictor {@code withThreads(threads)},
 * ONNX Runtime with that many intra-op threads. ONNX Runtime at its best here: graph optimization level ALL,
 * sequential execution, one inter-op thread, input and output tensors made once over direct buffers and reused
 * (outputs pinned), the session made once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class OnnxRuntimeBenchmark {
    /** vectorprop-fp32, vectorprop-bf16 or onnxruntime. */
    @Param({"vectorprop-fp32", "vectorprop-bf16", "onnxruntime"})
    public String engine;

    /**
     * The rows ({@link InferenceBenchmark#rows}): {@code random} numbers, no zeros; {@code fashion}, the real
     * Fashion-MNIST test images (pixels / 255, about half blank), whose zeros vectorprop's one-row product skips.
     */
    @Param({"random"})
    public String rows;

    /** Threads per call: the predictor's ({@code Predictor.withThreads}), ONNX Runtime's intra-op threads. */
    @Param({"1"})
    public int threads;

    private static final int SINGLES = 16;
    private static final int BATCH = 256;

    private Predictor predictor;
    private float[][] singles;
    private float[] batch;
    private float[] out;
    private int next;

    private OrtSession session;
    private OnnxTensor[] singleTensors;
    private OnnxTensor batchTensor;
    private OnnxTensor singleOutput;
    private OnnxTensor batchOutput;

    @Setup
    public void setUp() throws OrtException, IOException {
        Network network = EndToEnd.mlp();
        batch = InferenceBenchmark.rows(rows, BATCH);
        singles = InferenceBenchmark.firstRows(batch, SINGLES);
        out = new float[BATCH * 10];
        switch (engine) {
            case "vectorprop-fp32" -> predictor = Predictor.of(network, Kernels.auto(), Precision.FP32)
                    .withThreads(threads);
            case "vectorprop-bf16" -> predictor = Predictor.of(network, Kernels.auto(), Precision.BF16)
                    .withThreads(threads);
            case "onnxruntime" -> onnxRuntime(OnnxExport.toBytes(Model.of(network)));
            default -> throw new IllegalArgumentException("engine " + engine);
        }
    }

    private void onnxRuntime(byte[] model) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            session = env.createSession(model, options);
        }
        singleTensors = new OnnxTensor[SINGLES];
        for (int i = 0; i < SINGLES; i++) {
            singleTensors[i] = OnnxTensor.createTensor(env, direct(singles[i]), new long[] {1, 784});
        }
        batchTensor = OnnxTensor.createTensor(env, direct(batch), new long[] {BATCH, 784});
        singleOutput = OnnxTensor.createTensor(env, direct(new float[10]), new long[] {1, 10});
        batchOutput = OnnxTensor.createTensor(env, direct(new float[BATCH * 10]), new long[] {BATCH, 10});
    }

    private static FloatBuffer direct(float[] values) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        buffer.put(values).rewind();
        return buffer;
    }

    @TearDown
    public void tearDown() throws OrtException {
        if (session != null) {
            for (OnnxTensor t : singleTensors) {
                t.close();
            }
            batchTensor.close();
            singleOutput.close();
            batchOutput.close();
            session.close();
        }
    }

    @Benchmark
    public Object oneRow() throws OrtException {
        next = (next + 1) % SINGLES;
        if (session == null) {
            predictor.predict(singles[next], 1, out);
            return out;
        }
        try (OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, singleTensors[next]),
                Map.of(OnnxExport.OUTPUT, singleOutput))) {
            return singleOutput;
        }
    }

    @Benchmark
    public Object batchOf256() throws OrtException {
        if (session == null) {
            predictor.predict(batch, BATCH, out);
            return out;
        }
        try (OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, batchTensor),
                Map.of(OnnxExport.OUTPUT, batchOutput))) {
            return batchOutput;
        }
    }
}
