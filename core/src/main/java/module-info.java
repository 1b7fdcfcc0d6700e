/**
 * vectorprop's engine: networks, models and predictors ({@code nn}), training ({@code train}, {@code optim}),
 * data ({@code data}), model files ({@code io}) and the kernel interface the {@code simd} module implements
 * ({@code kernel}). No dependencies. {@code dev.vectorprop.internal}, what these packages share with the
 * trainer (a network's workspaces), is not exported.
 */
module dev.vectorprop.core {
    exports dev.vectorprop.nn;
    exports dev.vectorprop.train;
    exports dev.vectorprop.optim;
    exports dev.vectorprop.data;
    exports dev.vectorprop.io;
    exports dev.vectorprop.kernel;
    // other model file formats (ONNX, from the onnx module), read by Model.load
    uses dev.vectorprop.io.ModelFormat;
}
