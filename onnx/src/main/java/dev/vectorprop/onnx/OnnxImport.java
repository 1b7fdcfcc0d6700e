package dev.vectorprop.onnx;

import dev.vectorprop.data.Scaler;
import dev.vectorprop.io.InputFiles;
import dev.vectorprop.nn.Activation;
import dev.vectorprop.nn.BatchNorm;
import dev.vectorprop.nn.Dense;
import dev.vectorprop.nn.Model;
import dev.vectorprop.nn.Network;
import dev.vectorprop.nn.Provenance;
import dev.vectorprop.onnx.Onnx.Attribute;
import dev.vectorprop.onnx.Onnx.Dim;
import dev.vectorprop.onnx.Onnx.Node;
import dev.vectorprop.onnx.Onnx.Tensor;
import dev.vectorprop.onnx.Onnx.ValueInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model of a multilayer perceptron as a vectorprop {@link Model}, which then predicts with
 * vectorprop's predictor (SIMD kernels, {@code Precision.BF16} too). The graph must be a chain, one node after
 * another from the one input to the one output, of:
 *
 * <ul>
 *   <li>{@code Gemm} (any {@code alpha}, {@code beta}, {@code transB}; {@code transA = 0}; as PyTorch writes
 *       {@code nn.Linear}), or {@code MatMul} by a constant matrix, with an {@code Add} of a constant bias
 *       after it (as tf2onnx writes Keras' {@code Dense});
 *   <li>their activations: {@code Relu}, {@code Sigmoid}, {@code Tanh}, {@code Softmax} and {@code LogSoftmax}
 *       on the last axis (both read as softmax: the imported model answers probabilities, not their
 *       logarithms), {@code Clip(−1, 1)} (hard-tanh; {@code Clip(0, ∞)} is ReLU), {@code Sign};
 *   <li>{@code BatchNormalization} in inference form (its ε folded into the variance when it is not core's
 *       10⁻⁵), then an element-wise activation;
 *   <li>{@code Dropout} and {@code Identity}, which are dropped;
 *   <li>{@code Flatten} and {@code Reshape} to {@code [N, features]} before the first layer;
 *   <li>{@code Sub}, {@code Div}, {@code Mul}, {@code Add} by constants (one per feature, or one for all)
 *       before the first layer, read as the model's input scaler, and after the last, read as the inverse of
 *       its target scaler (regression), as {@link OnnxExport} writes them.
 * </ul>
 *
 * Operator sets 11 to 21 of the default domain (PyTorch's exports of 11 to 17 are tested). Anything else is
 * refused with an {@link IOException} naming the operator, the node and what is supported. The
 * {@code vectorprop.*} metadata that {@link OnnxExport} writes gives back the class, feature and target names,
 * the scalers' kinds and the provenance; a model from elsewhere whose last activation is a softmax gets the
 * classes "0" to "k−1", any other is a regression.
 */
public final class OnnxImport {
    public static final int MIN_OPSET = 11;
    public static final int MAX_OPSET = 21;
    static final String SUPPORTED = "vectorprop imports multilayer perceptrons: Gemm, MatMul (with an Add of its "
            + "bias), Relu, Sigmoid, Tanh, Softmax, LogSoftmax, Clip(-1, 1), Sign, BatchNormalization, Dropout, "
            + "Identity, Flatten or Reshape before the first layer, and Sub, Div, Mul, Add by constants before the "
            + "first layer (input scaling) or after the last (output scaling)";

    /** A layer read from the graph. */
    private sealed interface Spec permits DenseSpec, NormSpec {
    }

    /** A dense layer: W inputs × outputs, row-major. */
    private static final class DenseSpec implements Spec {
        final int inputs;
        final int outputs;
        final float[] weights;
        final float[] bias;
        Activation activation = Activation.IDENTITY;
        /** Whether an Add may still bring its bias (right after a MatMul, or a Gemm without one). */
        boolean biasOpen;

        DenseSpec(int inputs, int outputs, float[] weights, float[] bias, boolean biasOpen) {
            this.inputs = inputs;
            this.outputs = outputs;
            this.weights = weights;
            this.bias = bias;
            this.biasOpen = biasOpen;
        }
    }

    private static final class NormSpec implements Spec {
        final float[] gamma;
        final float[] beta;
        final float[] mean;
        final float[] variance;
        Activation activation = Activation.IDENTITY;

        NormSpec(float[] gamma, float[] beta, float[] mean, float[] variance) {
            this.gamma = gamma;
            this.beta = beta;
            this.mean = mean;
            this.variance = variance;
        }
    }

    /** An element-wise operation by a constant: the scalers' nodes. */
    private record Affine(String op, float[] constant, Node node) {
    }

    private final String source;
    private final int opset;
    private final Map<String, Tensor> constants = new HashMap<>();
    /** A LogSoftmax imported as the output softmax: nothing but Identity may follow it. */
    private Node logSoftmax;
    private final List<Spec> layers = new ArrayList<>();
    private final List<Affine> inputScaling = new ArrayList<>();
    private final List<Affine> outputScaling = new ArrayList<>();
    /** The value the next node must take: the chain's end so far. */
    private String current;
    /** The current value's feature width, or −1 while unknown; its rank (2 once flat). */
    private long width = -1;
    private int rank = 2;
    /** Whether {@link #rank} is the graph's declared one, not the default guessed for an input without a shape. */
    private boolean rankKnown;

    private OnnxImport(String source, int opset) {
        this.source = source;
        this.opset = opset;
    }

    /** Reads an ONNX file. */
    public static Model read(Path file) throws IOException {
        return read(file.toString(), InputFiles.readAllBytes(file, "an ONNX model"));
    }

    /**
     * Reads the bytes of an ONNX model; {@code source} names it in messages.
     *
     * @throws IOException naming the problem: a malformed file (with the offset), or an operator, attribute or
     *                     graph shape vectorprop does not import (with the node)
     */
    public static Model read(String source, byte[] bytes) throws IOException {
        Onnx.Model onnx;
        try {
            onnx = Onnx.Model.read(new Protobuf.Reader(source, bytes));
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(source) ? e
                    : new IOException(source + " is not a valid ONNX file: " + e.getMessage(), e);
        }
        Long opset = onnx.opsets().containsKey("") ? onnx.opsets().get("") : onnx.opsets().get("ai.onnx");
        if (opset == null) {
            throw new IOException(source + " imports no operator set of the default ONNX domain (ai.onnx)");
        }
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new IOException(source + " uses ONNX operator set " + opset + "; vectorprop imports operator sets "
                    + MIN_OPSET + " to " + MAX_OPSET + ": export it again with another opset");
        }
        try {
            return new OnnxImport(source, opset.intValue()).model(onnx);
        } catch (IllegalArgumentException e) { // a Model or Network refusing what the graph describes
            throw new IOException(source + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(source) ? e
                    : new IOException(source + ": " + e.getMessage(), e);
        }
    }

    private Model model(Onnx.Model onnx) throws IOException {
        Onnx.Graph graph = onnx.graph();
        for (Tensor tensor : graph.initializers()) {
            constants.put(tensor.name(), tensor);
        }
        input(graph.inputs());
        for (Node node : graph.nodes()) {
            node(node);
        }
        if (graph.outputs().size() != 1) {
            throw new IOException(source + " has " + graph.outputs().size() + " outputs; an MLP has one");
        }
        if (!graph.outputs().getFirst().name().equals(current)) {
            throw new IOException(source + ": the graph's output '" + graph.outputs().getFirst().name()
                    + "' is not the end of its chain of nodes ('" + current + "'); " + SUPPORTED);
        }
        if (layers.isEmpty()) {
            throw new IOException(source + " has no Gemm or MatMul: no layer to import; " + SUPPORTED);
        }
        return build(onnx);
    }

    /** The graph's one input that is not an initializer: its width and rank when its shape says. */
    private void input(List<ValueInfo> inputs) throws IOException {
        List<ValueInfo> real = inputs.stream().filter(v -> !constants.containsKey(v.name())).toList();
        if (real.size() != 1) {
            throw new IOException(source + " has " + real.size() + " inputs besides its weights; an MLP has one");
        }
        ValueInfo input = real.getFirst();
        if (input.elemType() != Onnx.FLOAT && input.elemType() != 0) {
            throw new IOException(source + ": its input '" + input.name() + "' has element type " + input.elemType()
                    + "; vectorprop imports float (1) inputs");
        }
        current = input.name();
        if (input.dims() != null) {
            if (input.dims().size() < 2) {
                throw new IOException(source + ": its input '" + input.name() + "' has rank " + input.dims().size()
                        + "; vectorprop imports a batch of rows, [N, features] (or [N, ...] flattened)");
            }
            rank = input.dims().size();
            rankKnown = true;
            width = features(input.dims().subList(1, rank));
        }
    }

    /** The product of static dimensions, or −1 when one is not static. */
    private static long features(List<Dim> dims) {
        long product = 1;
        for (Dim dim : dims) {
            if (dim.value() <= 0 || dim.param() != null) {
                return -1;
            }
            product = Math.min(product * Math.min(dim.value(), Integer.MAX_VALUE), Integer.MAX_VALUE);
        }
        return product;
    }

    private void node(Node node) throws IOException {
        if (!node.domain().isEmpty() && !node.domain().equals("ai.onnx")) {
            throw unsupported(node, "its domain '" + node.domain() + "' is not the default ONNX domain");
        }
        if (node.opType().equals("Constant")) {
            constant(node);
            return;
        }
        if (node.inputs().isEmpty() || node.outputs().isEmpty()) {
            throw unsupported(node, "it has no input or no output");
        }
        if (logSoftmax != null && !node.opType().equals("Identity") && !node.opType().equals("Dropout")) {
            throw unsupported(logSoftmax, "a LogSoftmax becomes the model's output softmax (probabilities), so it "
                    + "must be the graph's last node, but '" + node.name() + "' (" + node.opType() + ") follows it");
        }
        switch (node.opType()) {
            case "Identity" -> take(node, 0);
            case "Dropout" -> {
                // its optional third input, training_mode (opset 12 on), makes it drop at random when true
                if (node.inputs().size() > 2 && !node.inputs().get(2).isEmpty() && !isFalse(node.inputs().get(2))) {
                    throw unsupported(node, "its training_mode is not a constant false; export the model in "
                            + "inference (eval) mode");
                }
                take(node, 0);
            }
            case "Flatten" -> flatten(node);
            case "Reshape" -> reshape(node);
            case "Gemm" -> gemm(node);
            case "MatMul" -> matMul(node);
            case "Add", "Mul" -> affine(node, take(node, -1));
            case "Sub", "Div" -> affine(node, take(node, 0));
            case "Relu" -> activation(node, Activation.RELU);
            case "Sigmoid" -> activation(node, Activation.SIGMOID);
            case "Tanh" -> activation(node, Activation.TANH);
            case "Sign" -> activation(node, Activation.SIGN);
            case "Softmax", "LogSoftmax" -> {
                long axis = integer(node, "axis", opset >= 13 ? -1 : 1);
                if (axis != -1 && axis != 1) {
                    throw unsupported(node, "its axis is " + axis + "; vectorprop's softmax is over the last axis "
                            + "of [N, classes] (axis -1 or 1)");
                }
                activation(node, Activation.SOFTMAX);
                if (node.opType().equals("LogSoftmax")) {
                    logSoftmax = node;
                }
            }
            case "Clip" -> clip(node);
            case "BatchNormalization" -> batchNorm(node);
            default -> throw unsupported(node, null);
        }
    }

    /**
     * Checks that the node takes the current value (as input {@code at}, or for {@code −1} either of its two
     * inputs) and that its other inputs are constants; its first output becomes the current value. Returns the
     * index of its other operand for binary nodes, else −1.
     */
    private int take(Node node, int at) throws IOException {
        List<String> inputs = node.inputs();
        int found = at >= 0 ? (inputs.get(at).equals(current) ? at : -1) : inputs.indexOf(current);
        if (found < 0) {
            throw unsupported(node, "it does not take the output of the node before it ('" + current + "') as its "
                    + (at == 0 ? "first input" : "input") + ": the graph is not a chain");
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (i != found && !inputs.get(i).isEmpty() && !constants.containsKey(inputs.get(i))
                    && !(node.opType().equals("Dropout") || node.opType().equals("Identity"))) {
                throw unsupported(node, "its input '" + inputs.get(i) + "' is not a constant");
            }
        }
        current = node.outputs().getFirst();
        return inputs.size() == 2 ? 1 - found : -1;
    }

    private void constant(Node node) throws IOException {
        Attribute value = node.attributes().get("value");
        Attribute single = node.attributes().get("value_float");
        Attribute ints = node.attributes().get("value_ints");
        Tensor tensor;
        if (value != null && value.t() != null) {
            tensor = value.t();
        } else if (single != null) {
            tensor = Tensor.of("", new long[0], new float[] {single.f()});
        } else if (ints != null && ints.ints() != null) {
            tensor = new Tensor("", Onnx.INT64, new long[] {ints.ints().length}, null, ints.ints());
        } else {
            throw unsupported(node, "it holds no tensor, float or ints value");
        }
        constants.put(node.outputs().getFirst(), tensor);
    }

    private void flatten(Node node) throws IOException {
        beforeLayers(node);
        take(node, 0);
        long axis = integer(node, "axis", 1);
        if (axis != 1 && !(axis == -1 && rank == 2 && rankKnown)) {
            throw unsupported(node, "its axis is " + axis + "; vectorprop flattens each row (axis 1)");
        }
        rank = 2;
    }

    private void reshape(Node node) throws IOException {
        beforeLayers(node);
        int shapeAt = 1;
        take(node, 0);
        long[] shape = node.inputs().size() > shapeAt ? longs(node, shapeAt) : null;
        if (shape == null || shape.length != 2 || !(shape[0] == -1 || shape[0] == 0 || shape[0] == 1)
                || !(shape[1] > 0 || (shape[1] == -1 && shape[0] != -1))) {
            throw unsupported(node, "its shape is " + Arrays.toString(shape) + "; vectorprop reshapes to [N, features] "
                    + "([-1, features] or [0, -1]) before the first layer");
        }
        if (integer(node, "allowzero", 0) != 0 && shape[0] == 0) {
            throw unsupported(node, "its allowzero is set, so its 0 is a dimension of size 0, not the batch's");
        }
        if (shape[0] == -1 && width <= 0) {
            throw unsupported(node, "it reshapes to [-1, " + shape[1] + "] an input whose width is not declared, so "
                    + "whether each row stays a row cannot be checked; declare the input's shape or use Flatten");
        }
        if (shape[1] > 0) {
            if (width > 0 && width != shape[1]) {
                throw unsupported(node, "it reshapes rows of " + width + " values to " + shape[1]);
            }
            width = shape[1];
        }
        rank = 2;
    }

    private void beforeLayers(Node node) throws IOException {
        if (!layers.isEmpty()) {
            throw unsupported(node, "it comes after the first layer; vectorprop takes " + node.opType()
                    + " before the first layer only");
        }
    }

    private void gemm(Node node) throws IOException {
        beforeOutputScaling(node);
        take(node, 0);
        if (integer(node, "transA", 0) != 0) {
            throw unsupported(node, "transA is 1; vectorprop reads Gemm with the rows as they come (transA = 0)");
        }
        boolean transB = integer(node, "transB", 0) != 0;
        float alpha = real(node, "alpha", 1f);
        float beta = real(node, "beta", 1f);
        Tensor b = matrix(node, 1);
        int outputs = (int) (transB ? b.dims()[0] : b.dims()[1]);
        int inputs = (int) (transB ? b.dims()[1] : b.dims()[0]);
        float[] weights = new float[inputs * outputs];
        for (int i = 0; i < inputs; i++) {
            for (int j = 0; j < outputs; j++) {
                weights[i * outputs + j] = alpha * (transB ? b.floats()[j * inputs + i] : b.floats()[i * outputs + j]);
            }
        }
        boolean hasBias = node.inputs().size() > 2 && !node.inputs().get(2).isEmpty();
        float[] bias = hasBias ? vector(node, 2, outputs) : new float[outputs];
        for (int j = 0; j < outputs; j++) {
            bias[j] *= beta;
        }
        dense(node, new DenseSpec(inputs, outputs, weights, bias, !hasBias));
    }

    private void matMul(Node node) throws IOException {
        beforeOutputScaling(node);
        take(node, 0);
        Tensor b = matrix(node, 1);
        int inputs = (int) b.dims()[0];
        int outputs = (int) b.dims()[1];
        dense(node, new DenseSpec(inputs, outputs, b.floats().clone(), new float[outputs], true));
    }

    private void dense(Node node, DenseSpec dense) throws IOException {
        if (rank != 2) {
            throw unsupported(node, "its input has rank " + rank + "; flatten it to [N, features] first (Flatten)");
        }
        if (width > 0 && width != dense.inputs) {
            throw unsupported(node, "it takes rows of " + dense.inputs + " values, the node before gives " + width);
        }
        layers.add(dense);
        width = dense.outputs;
    }

    /** Whether {@code name} is a constant whose every value is zero (false). */
    private boolean isFalse(String name) {
        Tensor t = constants.get(name);
        return t != null && t.longs() != null && Arrays.stream(t.longs()).allMatch(v -> v == 0);
    }

    private void batchNorm(Node node) throws IOException {
        beforeOutputScaling(node);
        if (opset < 14 && node.outputs().size() > 1) {
            throw unsupported(node, "it has " + node.outputs().size() + " outputs, the training form before opset "
                    + "14; export the model in inference (eval) mode");
        }
        take(node, 0);
        if (integer(node, "training_mode", 0) != 0) {
            throw unsupported(node, "it is in training mode; export the model in inference (eval) mode");
        }
        if (rank != 2) {
            throw unsupported(node, "its input has rank " + rank + "; vectorprop normalizes rows of [N, features]");
        }
        float[] gamma = vector(node, 1, (int) width);
        int n = gamma.length;
        float[] beta = vector(node, 2, n);
        float[] mean = vector(node, 3, n);
        float[] variance = vector(node, 4, n);
        // core normalizes with ε = 1e-5: another ε is folded into the variance, √(σ² + ε) unchanged
        double epsilon = real(node, "epsilon", 1e-5f);
        if (epsilon != (double) OnnxExport.BATCH_NORM_EPSILON) {
            for (int j = 0; j < n; j++) {
                variance[j] = (float) ((double) variance[j] + epsilon - OnnxExport.BATCH_NORM_EPSILON);
            }
        }
        if (!layers.isEmpty() && layers.getLast() instanceof DenseSpec d) {
            d.biasOpen = false;
        }
        layers.add(new NormSpec(gamma, beta, mean, variance));
        width = n;
    }

    private void activation(Node node, Activation activation) throws IOException {
        beforeOutputScaling(node);
        take(node, 0);
        Spec last = layers.isEmpty() ? null : layers.getLast();
        switch (last) {
            case DenseSpec d when d.activation == Activation.IDENTITY -> {
                d.activation = activation;
                d.biasOpen = false;
            }
            case NormSpec n when n.activation == Activation.IDENTITY && activation != Activation.SOFTMAX ->
                    n.activation = activation;
            case NormSpec n when n.activation == Activation.IDENTITY -> throw unsupported(node,
                    "a softmax straight after BatchNormalization has no vectorprop layer (batch norm takes "
                            + "element-wise activations)");
            case null -> throw unsupported(node, "it comes before any Gemm, MatMul or BatchNormalization: vectorprop "
                    + "applies an activation to a layer's output");
            default -> throw unsupported(node, "the layer before it already has an activation; vectorprop applies one "
                    + "activation per layer");
        }
    }

    /** Clip(−1, 1) is hard-tanh, Clip(0, ∞) ReLU; min and max are inputs (operator set 11 on). */
    private void clip(Node node) throws IOException {
        float min = node.inputs().size() > 1 && !node.inputs().get(1).isEmpty() ? scalar(node, 1) : Float.NEGATIVE_INFINITY;
        float max = node.inputs().size() > 2 && !node.inputs().get(2).isEmpty() ? scalar(node, 2) : Float.POSITIVE_INFINITY;
        if (min == -1f && max == 1f) {
            activation(node, Activation.HARD_TANH);
        } else if (min == 0f && max == Float.POSITIVE_INFINITY) {
            activation(node, Activation.RELU);
        } else {
            throw unsupported(node, "it clips to [" + min + ", " + max + "]; vectorprop has hard-tanh, Clip(-1, 1), "
                    + "and ReLU, Clip(0, ∞)");
        }
    }

    /** A Sub, Div, Mul or Add by a constant: a bias, the input scaling or the output scaling. */
    private void affine(Node node, int constantAt) throws IOException {
        String op = node.opType();
        float[] constant = values(node, constantAt);
        if (constant.length != 1 && width > 0 && constant.length != width) {
            throw unsupported(node, "its constant has " + constant.length + " values for rows of " + width);
        }
        if (layers.isEmpty()) {
            inputScaling.add(new Affine(op, constant, node));
        } else if (op.equals("Add") && outputScaling.isEmpty() && layers.getLast() instanceof DenseSpec d && d.biasOpen) {
            for (int j = 0; j < d.outputs; j++) {
                d.bias[j] += constant[constant.length == 1 ? 0 : j];
            }
            d.biasOpen = false;
        } else {
            outputScaling.add(new Affine(op, constant, node));
        }
    }

    private void beforeOutputScaling(Node node) throws IOException {
        if (!outputScaling.isEmpty()) {
            Node scaling = outputScaling.getFirst().node();
            throw unsupported(node, "it comes after " + scaling.opType() + " node '" + scaling.name() + "', which "
                    + "vectorprop reads as the output scaling; " + SUPPORTED);
        }
    }

    private Model build(Onnx.Model onnx) throws IOException {
        int inputs = layers.getFirst() instanceof DenseSpec d ? d.inputs : ((NormSpec) layers.getFirst()).gamma.length;
        Network.Builder builder = Network.builder(inputs);
        for (Spec spec : layers) {
            switch (spec) {
                case DenseSpec d -> builder.dense(d.outputs, d.activation);
                case NormSpec n -> builder.batchNorm(n.activation);
            }
        }
        Network network = builder.build();
        float[] parameters = network.parameters();
        for (int i = 0; i < layers.size(); i++) {
            switch (layers.get(i)) {
                case DenseSpec d -> {
                    Dense dense = network.dense(i);
                    System.arraycopy(d.weights, 0, parameters, dense.weightOffset(), d.weights.length);
                    System.arraycopy(d.bias, 0, parameters, dense.biasOffset(), d.bias.length);
                }
                case NormSpec n -> {
                    BatchNorm norm = (BatchNorm) network.layers().get(i);
                    int w = n.gamma.length;
                    System.arraycopy(n.gamma, 0, parameters, norm.parameterOffset(), w);
                    System.arraycopy(n.beta, 0, parameters, norm.parameterOffset() + w, w);
                    System.arraycopy(n.mean, 0, norm.runningMean(), 0, w);
                    System.arraycopy(n.variance, 0, norm.runningVariance(), 0, w);
                }
            }
        }
        Map<String, String> metadata = onnx.metadata();
        int outputs = network.outputs();
        String[] classes = Metadata.names(metadata, Metadata.CLASSES);
        Activation last = network.layers().getLast() instanceof Dense d ? d.activation() : null;
        if (classes == null && last == Activation.SOFTMAX) {
            classes = new String[outputs];
            Arrays.setAll(classes, Integer::toString);
        }
        if (classes != null && !outputScaling.isEmpty()) {
            Node node = outputScaling.getFirst().node();
            throw unsupported(node, "it scales a classifier's probabilities; vectorprop scales regression outputs only");
        }
        Scaler inputScaler = inputScaler(metadata, inputs);
        Scaler targetScaler = targetScaler(metadata, outputs);
        Provenance provenance = Metadata.provenance(metadata);
        if (provenance == null) {
            Map<String, String> configuration = new LinkedHashMap<>();
            configuration.put("imported_from", source);
            configuration.put("onnx.producer", (onnx.producerName() + " " + onnx.producerVersion()).trim());
            configuration.put("onnx.opset", Integer.toString(opset));
            configuration.put("onnx.ir_version", Long.toString(onnx.irVersion()));
            provenance = Provenance.of(configuration, null, Map.of());
        }
        return new Model(network, inputScaler, targetScaler, classes, Metadata.names(metadata, Metadata.FEATURES),
                Metadata.names(metadata, Metadata.TARGETS), provenance);
    }

    /** The input nodes as (x − shift) · factor. */
    private Scaler inputScaler(Map<String, String> metadata, int width) throws IOException {
        float[] shift = new float[width];
        float[] factor = new float[width];
        Arrays.fill(factor, 1f);
        for (Affine a : inputScaling) {
            for (int j = 0; j < width; j++) {
                float c = at(a, j, width);
                switch (a.op()) {
                    case "Mul" -> factor[j] *= c;
                    case "Div" -> factor[j] /= c;
                    default -> { // (x − s)·f ∓ c = (x − (s ± c/f))·f
                        float sign = a.op().equals("Sub") ? 1f : -1f;
                        if (factor[j] == 0f && c != 0f) {
                            throw unsupported(a.node(), "it moves a column that an earlier node multiplied by 0");
                        }
                        if (factor[j] != 0f) { // a column multiplied by 0 stays 0 under a move by 0
                            shift[j] += factor[j] == 1f ? sign * c : sign * c / factor[j];
                        }
                    }
                }
            }
        }
        Scaler.Kind kind = inputScaling.isEmpty() ? Scaler.Kind.NONE : Scaler.Kind.Z_SCORE;
        return new Scaler(Metadata.scalingKind(metadata.get(Metadata.INPUT_SCALING), kind), shift, factor);
    }

    /** The output nodes as y / factor + shift, the target scaler's inverse (factor 0 for a division by ∞). */
    private Scaler targetScaler(Map<String, String> metadata, int width) throws IOException {
        float[] divisor = new float[width];
        float[] shift = new float[width];
        Arrays.fill(divisor, 1f);
        for (Affine a : outputScaling) {
            for (int j = 0; j < width; j++) {
                float c = at(a, j, width);
                switch (a.op()) {
                    case "Div" -> {
                        divisor[j] *= c;
                        shift[j] /= c;
                    }
                    case "Mul" -> {
                        divisor[j] = c == 0f ? Float.POSITIVE_INFINITY : divisor[j] / c;
                        shift[j] *= c;
                    }
                    case "Add" -> shift[j] += c;
                    default -> shift[j] -= c;
                }
            }
        }
        float[] factor = new float[width];
        for (int j = 0; j < width; j++) {
            factor[j] = Float.isInfinite(divisor[j]) ? 0f : divisor[j];
            if (factor[j] == 0f && !Float.isInfinite(divisor[j])) {
                throw unsupported(outputScaling.getLast().node(), "it divides an output by 0");
            }
        }
        Scaler.Kind kind = outputScaling.isEmpty() ? Scaler.Kind.NONE : Scaler.Kind.Z_SCORE;
        return new Scaler(Metadata.scalingKind(metadata.get(Metadata.TARGET_SCALING), kind), shift, factor);
    }

    private float at(Affine a, int j, int width) throws IOException {
        if (a.constant().length != 1 && a.constant().length != width) {
            throw unsupported(a.node(), "its constant has " + a.constant().length + " values for rows of " + width);
        }
        return a.constant()[a.constant().length == 1 ? 0 : j];
    }

    // ---- constants and attributes ----

    private Tensor tensor(Node node, int at) throws IOException {
        String name = node.inputs().get(at);
        Tensor tensor = constants.get(name);
        if (tensor == null) {
            throw unsupported(node, "its input '" + name + "' is not a constant (an initializer or a Constant node)");
        }
        return tensor;
    }

    /** A float constant's values. */
    private float[] values(Node node, int at) throws IOException {
        if (at < 0 || at >= node.inputs().size()) {
            throw unsupported(node, "it has " + node.inputs().size() + " inputs, expected 2");
        }
        Tensor tensor = tensor(node, at);
        if (tensor.floats() == null) {
            throw unsupported(node, "its constant '" + tensor.name() + "' has data type " + tensor.dataType()
                    + "; vectorprop reads float and double weights");
        }
        return tensor.floats();
    }

    /** A constant of {@code size} floats (or any size for −1), as a new array. */
    private float[] vector(Node node, int at, int size) throws IOException {
        if (at >= node.inputs().size()) {
            throw unsupported(node, "it lacks input " + at);
        }
        float[] values = values(node, at);
        if (size > 0 && values.length != size) {
            throw unsupported(node, "its constant '" + node.inputs().get(at) + "' has " + values.length
                    + " values, the layer has " + size);
        }
        return values.clone();
    }

    private float scalar(Node node, int at) throws IOException {
        float[] values = values(node, at);
        if (values.length != 1) {
            throw unsupported(node, "its input " + at + " has " + values.length + " values, not one");
        }
        return values[0];
    }

    private long[] longs(Node node, int at) throws IOException {
        Tensor tensor = tensor(node, at);
        if (tensor.longs() == null) {
            throw unsupported(node, "its constant '" + tensor.name() + "' is not an integer tensor");
        }
        return tensor.longs();
    }

    /** A 2-D float constant with both dimensions positive. */
    private Tensor matrix(Node node, int at) throws IOException {
        if (at >= node.inputs().size()) {
            throw unsupported(node, "it lacks its weights (input " + at + ")");
        }
        values(node, at);
        Tensor tensor = tensor(node, at);
        if (tensor.dims().length != 2 || tensor.dims()[0] <= 0 || tensor.dims()[1] <= 0) {
            throw unsupported(node, "its weights '" + tensor.name() + "' have shape " + Arrays.toString(tensor.dims())
                    + "; a layer's are a matrix");
        }
        return tensor;
    }

    private long integer(Node node, String name, long otherwise) {
        Attribute attribute = node.attributes().get(name);
        return attribute == null ? otherwise : attribute.i();
    }

    private float real(Node node, String name, float otherwise) {
        Attribute attribute = node.attributes().get(name);
        return attribute == null ? otherwise : attribute.f();
    }

    private IOException unsupported(Node node, String why) {
        String which = "operator " + node.opType() + " (node '" + node.name() + "')";
        return new IOException(source + ": " + which + (why == null ? " is not supported; " + SUPPORTED
                : " is not supported: " + why));
    }
}
