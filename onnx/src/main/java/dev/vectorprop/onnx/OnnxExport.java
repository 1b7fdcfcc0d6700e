package dev.vectorprop.onnx;

import dev.vectorprop.data.Scaler;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.BatchNorm;
import dev.vectorprop.nn.Dense;
import dev.vectorprop.nn.Dropout;
import dev.vectorprop.nn.Layer;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Provenance;
import dev.vectorprop.onnx.Onnx.Attribute;
import dev.vectorprop.onnx.Onnx.Dim;
import dev.vectorprop.onnx.Onnx.Node;
import dev.vectorprop.onnx.Onnx.Tensor;
import dev.vectorprop.onnx.Onnx.ValueInfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Model} as an ONNX model that any ONNX runtime computes as vectorprop's predictor does: it takes
 * <b>raw rows</b> (float, {@code [N, inputs]}, N a dynamic batch dimension) and gives class probabilities or,
 * for regression, values in the target's units ({@code [N, outputs]}).
 *
 * <ul>
 *   <li>the input scaler: {@code Sub} its shifts, then {@code Mul} its factors (as the predictor computes it);
 *   <li>a dense layer: {@code Gemm} (W as stored, inputs × outputs, no transposition), then its activation:
 *       {@code Relu}, {@code Sigmoid}, {@code Tanh}, {@code Clip(−1, 1)} for hard-tanh, {@code Sign},
 *       {@code Softmax} on the last axis; the identity writes no node;
 *   <li>batch norm: {@code BatchNormalization} in its inference form (running mean and variance, core's
 *       ε = 10⁻⁵), then its activation; dropout, the identity at inference, writes nothing;
 *   <li>for regression, the target scaler's inverse: {@code Div} by its factors (infinity for a constant
 *       column's 0, so that it answers its constant), then {@code Add} its shifts;
 *   <li>class, feature and target names, the scalers' kinds and the provenance as {@code metadata_props}
 *       ({@code vectorprop.*}), which {@link OnnxImport} reads back into the same model.
 * </ul>
 *
 * Operator sets {@value #MIN_OPSET} to {@value #MAX_OPSET} (default {@value #DEFAULT_OPSET}), IR version 8.
 */
public final class OnnxExport {
    public static final int DEFAULT_OPSET = 17;
    public static final int MIN_OPSET = 13;
    public static final int MAX_OPSET = 17;
    static final long IR_VERSION = 8;
    /** The graph's input and output names. */
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    /** Core's batch-norm ε, which the exported BatchNormalization nodes use. */
    static final float BATCH_NORM_EPSILON = 1e-5f;

    private final List<Node> nodes = new ArrayList<>();
    private final List<Tensor> initializers = new ArrayList<>();
    private String current = INPUT;

    private OnnxExport() {
    }

    /** The model as ONNX bytes, operator set {@value #DEFAULT_OPSET}. */
    public static byte[] toBytes(Model model) {
        return toBytes(model, DEFAULT_OPSET);
    }

    /**
     * The model as ONNX bytes.
     *
     * @throws IllegalArgumentException for an operator set outside {@value #MIN_OPSET}–{@value #MAX_OPSET}
     */
    public static byte[] toBytes(Model model, int opset) {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IllegalArgumentException("ONNX export writes operator sets " + MIN_OPSET + " to " + MAX_OPSET
                    + ", not " + opset);
        }
        return new OnnxExport().graph(model, opset).write();
    }

    /** Writes the model to an ONNX file, operator set {@value #DEFAULT_OPSET}. */
    public static void save(Model model, Path file) throws IOException {
        save(model, file, DEFAULT_OPSET);
    }

    /**
     * Writes the model to an ONNX file atomically: to a temporary file beside it, forced to disk, then
     * renamed over it, so a crash leaves the old file or the new one.
     */
    public static void save(Model model, Path file, int opset) throws IOException {
        byte[] bytes = toBytes(model, opset);
        Path target = file.toAbsolutePath();
        // created by name, not by createTempFile, so that the file gets the umask's permissions (not 0600)
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Long.toHexString(System.nanoTime()) + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (ByteBuffer buffer = ByteBuffer.wrap(bytes); buffer.hasRemaining(); ) {
                channel.write(buffer);
            }
            channel.force(true);
            channel.close();
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private Onnx.Model graph(Model model, int opset) {
        Network network = model.network();
        Scaler in = model.inputScaler();
        if (!in.isIdentity()) {
            node("Sub", "input_scaling_shift", constant("input_shift", in.shift()));
            node("Mul", "input_scaling", constant("input_factor", in.factor()));
        }
        float[] parameters = network.parameters();
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            switch (layers.get(i)) {
                case Dense d -> {
                    String w = constant("dense_" + i + "_weight", new long[] {d.inputs(), d.outputs()},
                            Arrays.copyOfRange(parameters, d.weightOffset(), d.weightOffset() + d.inputs() * d.outputs()));
                    String b = constant("dense_" + i + "_bias", new long[] {d.outputs()},
                            Arrays.copyOfRange(parameters, d.biasOffset(), d.biasOffset() + d.outputs()));
                    node("Gemm", "dense_" + i, w, b);
                    activation(d.activation(), i);
                }
                case BatchNorm n -> {
                    int width = n.outputs();
                    float[] gamma = Arrays.copyOfRange(parameters, n.parameterOffset(), n.parameterOffset() + width);
                    float[] beta = Arrays.copyOfRange(parameters, n.parameterOffset() + width, n.parameterOffset() + 2 * width);
                    node("BatchNormalization", "batch_norm_" + i, constant("batch_norm_" + i + "_scale", gamma),
                            constant("batch_norm_" + i + "_bias", beta),
                            constant("batch_norm_" + i + "_mean", n.runningMean()),
                            constant("batch_norm_" + i + "_var", n.runningVariance()));
                    nodes.set(nodes.size() - 1, with(nodes.getLast(), Attribute.ofFloat("epsilon", BATCH_NORM_EPSILON)));
                    activation(n.activation(), i);
                }
                case Dropout ignored -> {
                    // the identity at inference
                }
            }
        }
        Scaler target = model.targetScaler();
        if (!model.isClassification() && !target.isIdentity()) {
            float[] divisor = target.factor();
            for (int j = 0; j < divisor.length; j++) {
                if (divisor[j] == 0f) { // a constant target: y / ∞ + shift is the shift, as Scaler.inverse answers
                    divisor[j] = Float.POSITIVE_INFINITY;
                }
            }
            node("Div", "target_scaling_factor", constant("target_factor", divisor));
            node("Add", "target_scaling", constant("target_shift", target.shift()));
        }
        // the last node writes the graph's output
        Node last = nodes.isEmpty() ? null : nodes.getLast();
        if (last == null) {
            node("Identity", "output");
            last = nodes.getLast();
        }
        nodes.set(nodes.size() - 1, new Node(last.name(), last.opType(), last.domain(), last.inputs(), List.of(OUTPUT),
                last.attributes()));
        List<Dim> inputShape = List.of(new Dim(-1, "N"), new Dim(network.inputs(), null));
        List<Dim> outputShape = List.of(new Dim(-1, "N"), new Dim(network.outputs(), null));
        Onnx.Graph graph = new Onnx.Graph("vectorprop", nodes, initializers,
                List.of(new ValueInfo(INPUT, Onnx.FLOAT, inputShape)),
                List.of(new ValueInfo(OUTPUT, Onnx.FLOAT, outputShape)));
        Map<String, Long> opsets = new LinkedHashMap<>();
        opsets.put("", (long) opset);
        return new Onnx.Model(IR_VERSION, "vectorprop", Provenance.VERSION, opsets, graph, Metadata.of(model));
    }

    /** The node of an activation after layer {@code i}; none for the identity. */
    private void activation(Activation activation, int i) {
        switch (activation) {
            case IDENTITY -> {
            }
            case RELU -> node("Relu", "relu_" + i);
            case SIGMOID -> node("Sigmoid", "sigmoid_" + i);
            case TANH -> node("Tanh", "tanh_" + i);
            case SIGN -> node("Sign", "sign_" + i);
            case HARD_TANH -> node("Clip", "hard_tanh_" + i, scalar("hard_tanh_min", -1f), scalar("hard_tanh_max", 1f));
            case SOFTMAX -> {
                node("Softmax", "softmax_" + i);
                nodes.set(nodes.size() - 1, with(nodes.getLast(), Attribute.ofInt("axis", -1)));
            }
        }
    }

    /** Appends a node whose first input is the current value and whose output becomes the current value. */
    private void node(String opType, String name, String... constants) {
        List<String> inputs = new ArrayList<>();
        inputs.add(current);
        inputs.addAll(List.of(constants));
        nodes.add(new Node(name, opType, "", inputs, List.of(name), new LinkedHashMap<>()));
        current = name;
    }

    private static Node with(Node node, Attribute attribute) {
        Map<String, Attribute> attributes = new LinkedHashMap<>(node.attributes());
        attributes.put(attribute.name(), attribute);
        return new Node(node.name(), node.opType(), node.domain(), node.inputs(), node.outputs(), attributes);
    }

    private String constant(String name, float[] values) {
        return constant(name, new long[] {values.length}, values);
    }

    private String scalar(String name, float value) {
        return initializers.stream().anyMatch(t -> t.name().equals(name)) ? name
                : constant(name, new long[0], new float[] {value});
    }

    private String constant(String name, long[] dims, float[] values) {
        initializers.add(Tensor.of(name, dims, values));
        return name;
    }
}
