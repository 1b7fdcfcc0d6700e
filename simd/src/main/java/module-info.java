/**
 * The Vector API implementation of vectorprop's kernels. {@code Kernels.auto()} in the core module loads
 * it by name when this module and {@code jdk.incubator.vector} are present; nothing else links against it.
 */
module dev.vectorprop.simd {
    requires dev.vectorprop.core;
    requires jdk.incubator.vector;
    requires java.management;
    exports dev.vectorprop.simd;
}
