package dev.vectorprop.onnx;

import dev.vectorprop.onnx.Protobuf.FloatList;
import dev.vectorprop.onnx.Protobuf.LongList;
import dev.vectorprop.onnx.Protobuf.Reader;
import dev.vectorprop.onnx.Protobuf.Writer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages of {@code onnx.proto} (onnx/onnx, {@code onnx/onnx.in.proto}) that an MLP needs, with their field
 * numbers from there: ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto with
 * TypeProto.Tensor and TensorShapeProto, OperatorSetIdProto and StringStringEntryProto. Reading skips the
 * fields it does not know; tensors are decoded to {@code float} (FLOAT, DOUBLE) or {@code long} (INT32, INT64)
 * values, from {@code raw_data} or the typed fields, after their element count is checked against the bytes.
 */
final class Onnx {
    /** TensorProto.DataType codes. */
    static final int FLOAT = 1;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int DOUBLE = 11;
    /** AttributeProto.AttributeType codes. */
    static final int ATTRIBUTE_FLOAT = 1;
    static final int ATTRIBUTE_INT = 2;
    static final int ATTRIBUTE_TENSOR = 4;
    static final int ATTRIBUTE_INTS = 7;

    private Onnx() {
    }

    /**
     * ModelProto.
     *
     * @param opsets     domain → operator set version ("" is the default ai.onnx domain)
     * @param metadata   metadata_props, in file order
     */
    record Model(long irVersion, String producerName, String producerVersion, Map<String, Long> opsets, Graph graph,
                 Map<String, String> metadata) {

        static Model read(Reader in) throws IOException {
            long ir = 0;
            String producer = "";
            String producerVersion = "";
            Map<String, Long> opsets = new LinkedHashMap<>();
            Graph graph = null;
            Map<String, String> metadata = new LinkedHashMap<>();
            while (in.next()) {
                switch (in.field()) {
                    case 1 -> ir = in.int64();
                    case 2 -> producer = in.string();
                    case 3 -> producerVersion = in.string();
                    case 7 -> {
                        // protobuf would merge a second copy into the first: refused rather than half-read
                        if (graph != null) {
                            throw new IOException("the model has two graph fields");
                        }
                        graph = Graph.read(in.message());
                    }
                    case 8 -> {
                        Reader opset = in.message();
                        String domain = "";
                        long version = 0;
                        while (opset.next()) {
                            switch (opset.field()) {
                                case 1 -> domain = opset.string();
                                case 2 -> version = opset.int64();
                                default -> opset.skip();
                            }
                        }
                        opsets.put(domain, version);
                    }
                    case 14 -> {
                        String[] entry = entry(in.message());
                        metadata.put(entry[0], entry[1]);
                    }
                    default -> in.skip();
                }
            }
            if (graph == null) {
                throw in.corrupt("no graph (ModelProto field 7)");
            }
            return new Model(ir, producer, producerVersion, opsets, graph, metadata);
        }

        byte[] write() {
            Writer out = new Writer().varint(1, irVersion).string(2, producerName).string(3, producerVersion);
            out.message(7, graph.write());
            for (Map.Entry<String, Long> opset : opsets.entrySet()) {
                out.message(8, new Writer().string(1, opset.getKey()).varint(2, opset.getValue()));
            }
            for (Map.Entry<String, String> entry : metadata.entrySet()) {
                out.message(14, new Writer().string(1, entry.getKey()).string(2, entry.getValue()));
            }
            return out.toByteArray();
        }
    }

    /** StringStringEntryProto: key, value. */
    private static String[] entry(Reader in) throws IOException {
        String[] entry = {"", ""};
        while (in.next()) {
            switch (in.field()) {
                case 1 -> entry[0] = in.string();
                case 2 -> entry[1] = in.string();
                default -> in.skip();
            }
        }
        return entry;
    }

    /** GraphProto: nodes in topological order, initializers (the constants), inputs and outputs. */
    record Graph(String name, List<Node> nodes, List<Tensor> initializers, List<ValueInfo> inputs,
                 List<ValueInfo> outputs) {

        static Graph read(Reader in) throws IOException {
            String name = "";
            List<Node> nodes = new ArrayList<>();
            List<Tensor> initializers = new ArrayList<>();
            List<ValueInfo> inputs = new ArrayList<>();
            List<ValueInfo> outputs = new ArrayList<>();
            while (in.next()) {
                switch (in.field()) {
                    case 1 -> nodes.add(Node.read(in.message()));
                    case 2 -> name = in.string();
                    case 5 -> initializers.add(Tensor.read(in.message()));
                    case 11 -> inputs.add(ValueInfo.read(in.message()));
                    case 12 -> outputs.add(ValueInfo.read(in.message()));
                    default -> in.skip();
                }
            }
            return new Graph(name, nodes, initializers, inputs, outputs);
        }

        Writer write() {
            Writer out = new Writer();
            for (Node node : nodes) {
                out.message(1, node.write());
            }
            out.string(2, name);
            for (Tensor tensor : initializers) {
                out.message(5, tensor.write());
            }
            for (ValueInfo input : inputs) {
                out.message(11, input.write());
            }
            for (ValueInfo output : outputs) {
                out.message(12, output.write());
            }
            return out;
        }
    }

    /** NodeProto. */
    record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                Map<String, Attribute> attributes) {

        static Node read(Reader in) throws IOException {
            String name = "";
            String opType = "";
            String domain = "";
            List<String> inputs = new ArrayList<>();
            List<String> outputs = new ArrayList<>();
            Map<String, Attribute> attributes = new LinkedHashMap<>();
            while (in.next()) {
                switch (in.field()) {
                    case 1 -> inputs.add(in.string());
                    case 2 -> outputs.add(in.string());
                    case 3 -> name = in.string();
                    case 4 -> opType = in.string();
                    case 5 -> {
                        Attribute attribute = Attribute.read(in.message());
                        attributes.put(attribute.name(), attribute);
                    }
                    case 7 -> domain = in.string();
                    default -> in.skip();
                }
            }
            return new Node(name, opType, domain, inputs, outputs, attributes);
        }

        Writer write() {
            Writer out = new Writer();
            for (String input : inputs) {
                out.string(1, input);
            }
            for (String output : outputs) {
                out.string(2, output);
            }
            out.string(3, name).string(4, opType);
            for (Attribute attribute : attributes.values()) {
                out.message(5, attribute.write());
            }
            return out;
        }
    }

    /**
     * AttributeProto, with the value kinds an MLP's operators take: a float, an int, a tensor, a list of ints
     * (floats, strings and graphs are skipped).
     */
    record Attribute(String name, int type, float f, long i, Tensor t, long[] ints) {

        static Attribute ofFloat(String name, float value) {
            return new Attribute(name, ATTRIBUTE_FLOAT, value, 0, null, null);
        }

        static Attribute ofInt(String name, long value) {
            return new Attribute(name, ATTRIBUTE_INT, 0, value, null, null);
        }

        static Attribute read(Reader in) throws IOException {
            String name = "";
            int type = 0;
            float f = 0;
            long i = 0;
            Tensor t = null;
            LongList ints = new LongList();
            while (in.next()) {
                switch (in.field()) {
                    case 1 -> name = in.string();
                    case 2 -> f = in.fixed32Float();
                    case 3 -> i = in.int64();
                    case 5 -> t = Tensor.read(in.message());
                    case 8 -> in.varints(ints);
                    case 20 -> type = in.int32();
                    default -> in.skip();
                }
            }
            return new Attribute(name, type, f, i, t, ints.toArray());
        }

        Writer write() {
            Writer out = new Writer().string(1, name).varint(20, type);
            switch (type) {
                case ATTRIBUTE_FLOAT -> out.fixed32Float(2, f);
                case ATTRIBUTE_INT -> out.varint(3, i);
                case ATTRIBUTE_TENSOR -> out.message(5, t.write());
                case ATTRIBUTE_INTS -> out.packedVarints(8, ints);
                default -> throw new IllegalStateException("attribute type " + type + " is not written");
            }
            return out;
        }
    }

    /**
     * TensorProto, decoded: {@code floats} for FLOAT and DOUBLE tensors, {@code longs} for INT32 and INT64 ones,
     * both null for other types (refused where such a tensor is used).
     */
    record Tensor(String name, int dataType, long[] dims, float[] floats, long[] longs) {

        static Tensor of(String name, long[] dims, float[] values) {
            return new Tensor(name, FLOAT, dims, values, null);
        }

        int size() {
            return floats != null ? floats.length : longs != null ? longs.length : 0;
        }

        static Tensor read(Reader in) throws IOException {
            LongList dims = new LongList();
            int dataType = 0;
            String name = "";
            byte[] raw = null;
            FloatList floats = new FloatList();
            LongList longs = new LongList();
            boolean external = false;
            while (in.next()) {
                switch (in.field()) {
                    case 1 -> in.varints(dims);
                    case 2 -> dataType = in.int32();
                    case 4 -> in.reals(floats, false);
                    case 5, 7 -> in.varints(longs);
                    case 8 -> name = in.string();
                    case 9 -> raw = in.bytes();
                    case 10 -> in.reals(floats, true);
                    case 13 -> {
                        in.skip();
                        external = true;
                    }
                    case 14 -> external |= in.int32() == 1;
                    default -> in.skip();
                }
            }
            if (external) {
                throw new IOException("tensor '" + name + "' keeps its data in an external file, which is not "
                        + "supported: save the model with its weights inside the .onnx file");
            }
            long[] shape = dims.toArray();
            long count = 1;
            for (long d : shape) {
                if (d < 0 || d > Integer.MAX_VALUE) {
                    throw in.corrupt("tensor '" + name + "' has dimension " + d);
                }
                count = d == 0 || count <= (1L << 40) / d ? count * d : 1L << 40; // past any input's size
            }
            int width = switch (dataType) {
                case FLOAT, INT32 -> 4;
                case DOUBLE, INT64 -> 8;
                default -> 0;
            };
            if (width == 0) {
                return new Tensor(name, dataType, shape, null, null);
            }
            boolean real = dataType == FLOAT || dataType == DOUBLE;
            long stored = raw != null ? raw.length / width : real ? floats.size() : longs.size();
            if (count != stored || (raw != null && raw.length % width != 0)) {
                throw in.corrupt("tensor '" + name + "' of shape " + java.util.Arrays.toString(shape) + " holds "
                        + (raw != null ? raw.length + " bytes of data" : stored + " values"));
            }
            if (raw == null) {
                return real ? new Tensor(name, dataType, shape, floats.toArray(), null)
                        : new Tensor(name, dataType, shape, null, longs.toArray());
            }
            ByteBuffer data = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            int n = (int) count;
            switch (dataType) {
                case FLOAT -> {
                    float[] values = new float[n];
                    data.asFloatBuffer().get(values);
                    return new Tensor(name, dataType, shape, values, null);
                }
                case DOUBLE -> {
                    float[] values = new float[n];
                    for (int k = 0; k < n; k++) {
                        values[k] = (float) data.getDouble();
                    }
                    return new Tensor(name, dataType, shape, values, null);
                }
                case INT32 -> {
                    long[] values = new long[n];
                    for (int k = 0; k < n; k++) {
                        values[k] = data.getInt();
                    }
                    return new Tensor(name, dataType, shape, null, values);
                }
                default -> {
                    long[] values = new long[n];
                    data.asLongBuffer().get(values);
                    return new Tensor(name, dataType, shape, null, values);
                }
            }
        }

        /** A FLOAT or INT64 tensor, its values as little-endian raw_data. */
        Writer write() {
            Writer out = new Writer();
            for (long d : dims) {
                out.varint(1, d);
            }
            out.varint(2, dataType).string(8, name);
            ByteBuffer raw = ByteBuffer.allocate(floats != null ? floats.length * 4 : longs.length * 8)
                    .order(ByteOrder.LITTLE_ENDIAN);
            if (floats != null) {
                raw.asFloatBuffer().put(floats);
            } else {
                raw.asLongBuffer().put(longs);
            }
            return out.bytes(9, raw.array());
        }
    }

    /**
     * ValueInfoProto of a tensor: its element type and its dimensions, each a size or a named parameter
     * ({@code dims} null when the shape is not given).
     */
    record ValueInfo(String name, int elemType, List<Dim> dims) {

        static ValueInfo read(Reader in) throws IOException {
            String name = "";
            int elemType = 0;
            List<Dim> dims = null;
            while (in.next()) {
                switch (in.field()) {
                    case 1 -> name = in.string();
                    case 2 -> {
                        Reader type = in.message();
                        while (type.next()) {
                            if (type.field() != 1) { // tensor_type; the others (sequence, map, ...) are no MLP's
                                type.skip();
                                continue;
                            }
                            Reader tensor = type.message();
                            while (tensor.next()) {
                                switch (tensor.field()) {
                                    case 1 -> elemType = tensor.int32();
                                    case 2 -> dims = shape(tensor.message());
                                    default -> tensor.skip();
                                }
                            }
                        }
                    }
                    default -> in.skip();
                }
            }
            return new ValueInfo(name, elemType, dims);
        }

        /** TensorShapeProto: its Dimensions, each dim_value or dim_param. */
        private static List<Dim> shape(Reader in) throws IOException {
            List<Dim> dims = new ArrayList<>();
            while (in.next()) {
                if (in.field() != 1) {
                    in.skip();
                    continue;
                }
                Reader dim = in.message();
                long value = -1;
                String param = null;
                while (dim.next()) {
                    switch (dim.field()) {
                        case 1 -> value = dim.int64();
                        case 2 -> param = dim.string();
                        default -> dim.skip();
                    }
                }
                dims.add(new Dim(value, param));
            }
            return dims;
        }

        Writer write() {
            Writer shape = new Writer();
            for (Dim dim : dims) {
                shape.message(1, dim.param() != null ? new Writer().string(2, dim.param())
                        : new Writer().varint(1, dim.value()));
            }
            Writer tensor = new Writer().varint(1, elemType).message(2, shape);
            return new Writer().string(1, name).message(2, new Writer().message(1, tensor));
        }
    }

    /** A TensorShapeProto.Dimension: a size, or −1 and the name of a size known at run time (or neither). */
    record Dim(long value, String param) {
    }
}
