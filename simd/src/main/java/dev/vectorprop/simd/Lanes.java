package dev.vectorprop.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one vector species every kernel uses: the CPU's preferred width, or the width set with
 * {@code -Dvectorprop.simd.bits=128|256|512}. Kept in one class that is initialised only when the
 * SIMD kernels are chosen, after the module check.
 */
final class Lanes {
    static final String PROPERTY = "vectorprop.simd.bits";
    static final VectorSpecies<Float> SPECIES = choose(System.getProperty(PROPERTY));
    static final int LENGTH = SPECIES.length();

    private Lanes() {
    }

    private static VectorSpecies<Float> choose(String bits) {
        if (bits == null || bits.isBlank()) {
            return FloatVector.SPECIES_PREFERRED;
        }
        VectorSpecies<Float> species = switch (bits.trim()) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + " must be 128, 256 or 512, not '" + bits + "'");
        };
        if (species.vectorBitSize() > VectorShape.preferredShape().vectorBitSize()) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + bits + " is wider than this CPU's "
                    + VectorShape.preferredShape().vectorBitSize() + "-bit vectors");
        }
        return species;
    }
}
