package dev.vectorprop.onnx;

import dev.vectorprop.onnx.Onnx.Attribute;
import dev.vectorprop.onnx.Onnx.Dim;
import dev.vectorprop.onnx.Onnx.Node;
import dev.vectorprop.onnx.Onnx.Tensor;
import dev.vectorprop.onnx.Onnx.ValueInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** ONNX graphs built by hand, as other exporters write them: a chain from input "x" to output "y". */
final class Graphs {
    private final List<Node> nodes = new ArrayList<>();
    private final List<Tensor> initializers = new ArrayList<>();
    private final List<Dim> inputShape;
    private final SplittableRandom random;
    private String current = "x";
    private int count;

    /** A graph whose input has these dimensions after the dynamic batch one. */
    Graphs(long seed, long... dims) {
        random = new SplittableRandom(seed);
        inputShape = new ArrayList<>(List.of(new Dim(-1, "batch")));
        for (long d : dims) {
            inputShape.add(new Dim(d, null));
        }
    }

    /** Random values in [−scale, scale]. */
    float[] random(int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextDouble(-scale, scale);
        }
        return values;
    }

    String constant(long[] dims, float[] values) {
        String name = "c" + initializers.size();
        initializers.add(Tensor.of(name, dims, values));
        return name;
    }

    String longs(long... values) {
        String name = "c" + initializers.size();
        initializers.add(new Tensor(name, Onnx.INT64, new long[] {values.length}, null, values));
        return name;
    }

    /** A node on the current value (first input) with these other inputs and attributes. */
    Graphs node(String op, List<String> others, Attribute... attributes) {
        List<String> inputs = new ArrayList<>();
        inputs.add(current);
        inputs.addAll(others);
        return raw(op, inputs, attributes);
    }

    Graphs node(String op, Attribute... attributes) {
        return node(op, List.of(), attributes);
    }

    /** A node with exactly these inputs; its output becomes the current value. */
    Graphs raw(String op, List<String> inputs, Attribute... attributes) {
        Map<String, Attribute> map = new LinkedHashMap<>();
        for (Attribute a : attributes) {
            map.put(a.name(), a);
        }
        String output = op.toLowerCase() + "_" + count++;
        nodes.add(new Node("/" + op + "_" + count, op, "", inputs, List.of(output), map));
        current = output;
        return this;
    }

    /** A Constant node holding a tensor; returns its output's name. */
    String constantNode(Tensor tensor) {
        String output = "const_" + count++;
        Map<String, Attribute> map = new LinkedHashMap<>();
        map.put("value", new Attribute("value", Onnx.ATTRIBUTE_TENSOR, 0, 0, tensor, null));
        nodes.add(new Node("/Constant_" + count, "Constant", "", List.of(), List.of(output), map));
        return output;
    }

    byte[] bytes(int opset, long outputs) {
        List<Node> renamed = new ArrayList<>(nodes);
        Node last = renamed.removeLast();
        renamed.add(new Node(last.name(), last.opType(), last.domain(), last.inputs(), List.of("y"), last.attributes()));
        Onnx.Graph graph = new Onnx.Graph("test", renamed, initializers, List.of(new ValueInfo("x", Onnx.FLOAT, inputShape)),
                List.of(new ValueInfo("y", Onnx.FLOAT, List.of(new Dim(-1, "batch"), new Dim(outputs, null)))));
        Map<String, Long> opsets = new LinkedHashMap<>();
        opsets.put("", (long) opset);
        return new Onnx.Model(7, "test", "1", opsets, graph, Map.of()).write();
    }
}
