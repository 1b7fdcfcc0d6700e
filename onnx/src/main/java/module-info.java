/**
 * ONNX export ({@link dev.vectorprop.onnx.OnnxExport}) and import ({@link dev.vectorprop.onnx.OnnxImport}) of
 * vectorprop models, and the {@code ONNX} {@link dev.vectorprop.io.ModelFormat} through which
 * {@code Model.load} reads {@code .onnx} files. Protobuf is read and written by a small codec of its own: no
 * dependencies beyond core.
 */
module dev.vectorprop.onnx {
    requires dev.vectorprop.core;
    exports dev.vectorprop.onnx;
    provides dev.vectorprop.io.ModelFormat with dev.vectorprop.onnx.OnnxFormat;
}
