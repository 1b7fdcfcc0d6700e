package dev.vectorprop.internal;

/** Reading a network's outputs. */
public final class Outputs {
    private Outputs() {
    }

    /** The index of the largest of {@code width} values, or for one output whether it is above ½. */
    public static int classOf(float[] values, int offset, int width) {
        if (width == 1) {
            return values[offset] > 0.5f ? 1 : 0;
        }
        int best = 0;
        for (int j = 1; j < width; j++) {
            if (values[offset + j] > values[offset + best]) {
                best = j;
            }
        }
        return best;
    }
}
