package dev.vectorprop.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ONNX Runtime, the reference an exported model is checked against, and the tests' one tolerance. */
final class Runtime {
    /** Outputs agree within this, relative to the larger of 1 and the expected value's magnitude. */
    static final double TOLERANCE = 1e-5;

    private Runtime() {
    }

    /** ONNX Runtime's outputs for rows of x ({@code rows × inputs}), flat. */
    static float[] run(byte[] model, float[] x, int rows) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options);
                 OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {rows, x.length / rows});
                 OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
                FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] values = new float[out.remaining()];
                out.get(values);
                return values;
            }
        }
    }

    /** Every output within {@link #TOLERANCE} of the expected one. */
    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": output count");
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= TOLERANCE * scale, what + ": output " + i + " is "
                    + actual[i] + ", expected " + expected[i]);
        }
    }
}
