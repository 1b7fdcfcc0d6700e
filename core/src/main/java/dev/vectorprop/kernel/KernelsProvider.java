package dev.vectorprop.kernel;

import java.lang.System.Logger.Level;

/**
 * Chooses the kernels once, lazily, the first time {@link Kernels#auto()} is called. The SIMD class is
 * loaded by name so that nothing in core links against the incubator module.
 */
final class KernelsProvider {
    static final String PROPERTY = "vectorprop.kernels";
    private static final String SIMD_CLASS = "dev.vectorprop.simd.VectorKernels";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final System.Logger LOG = System.getLogger("dev.vectorprop.kernel");

    static final Kernels BEST = choose(System.getProperty(PROPERTY, "auto"));

    private KernelsProvider() {
    }

    static Kernels choose(String wanted) {
        switch (wanted) {
            case "scalar":
                return ScalarKernels.INSTANCE;
            case "simd": {
                String why = whySimdIsUnavailable();
                if (why != null) {
                    throw new IllegalStateException("-D" + PROPERTY + "=simd, but " + why);
                }
                return loadSimd();
            }
            case "auto": {
                String why = whySimdIsUnavailable();
                if (why != null) {
                    // a warning: training runs several times slower, and the fix is one flag or one jar
                    LOG.log(Level.WARNING, "vectorprop: using the scalar kernels because " + why);
                    return ScalarKernels.INSTANCE;
                }
                Kernels simd = loadSimd();
                LOG.log(Level.DEBUG, "vectorprop: using " + simd.name() + " kernels");
                return simd;
            }
            default:
                throw new IllegalArgumentException(
                        "-D" + PROPERTY + " must be scalar, simd or auto, not '" + wanted + "'");
        }
    }

    /** Null when the SIMD kernels can run here, else the reason and the fix. */
    static String whySimdIsUnavailable() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return "the Vector API is not enabled: start java with --add-modules " + VECTOR_MODULE;
        }
        try {
            Class.forName(SIMD_CLASS, false, KernelsProvider.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return "the vectorprop-simd jar is missing: add it to the class path (on the module path, also "
                    + "--add-modules dev.vectorprop.simd)";
        }
        return null;
    }

    private static Kernels loadSimd() {
        try {
            return (Kernels) Class.forName(SIMD_CLASS).getField("INSTANCE").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("could not load the SIMD kernels " + SIMD_CLASS, e);
        }
    }
}
