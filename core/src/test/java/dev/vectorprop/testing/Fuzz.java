package dev.vectorprop.testing;

import java.io.IOException;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A small, seeded mutation fuzzer for the readers: it mutates valid inputs (bit flips, interesting
 * bytes, big-endian size fields set to extremes, truncation, appended garbage, spliced chunks) and
 * requires every input to give a result or a clear exception — an {@link IOException} or
 * {@link IllegalArgumentException} with a message — never another runtime exception or an error
 * such as {@link OutOfMemoryError}. Seeded, so a failure reproduces.
 */
public final class Fuzz {
    /** What is fuzzed: reads one input and returns normally or throws a clear exception. */
    public interface Target {
        void read(byte[] input) throws IOException;
    }

    private static final int[] INTERESTING = {0x00, 0x01, 0x7F, 0x80, 0xFF};

    private Fuzz() {
    }

    /** Runs {@code iterations} mutated inputs through the target; returns how many it rejected cleanly. */
    public static int run(byte[][] seeds, int iterations, long seed, Target target) {
        SplittableRandom random = new SplittableRandom(seed);
        int rejected = 0;
        for (int i = 0; i < iterations; i++) {
            byte[] input = mutate(seeds[random.nextInt(seeds.length)], random);
            try {
                target.read(input);
            } catch (IOException | IllegalArgumentException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    fail("iteration " + i + ": " + e.getClass().getSimpleName() + " without a message for "
                            + describe(input), e);
                }
                rejected++;
            } catch (Throwable e) {
                fail("iteration " + i + " (seed " + seed + "): " + e + " for " + describe(input), e);
            }
        }
        return rejected;
    }

    static byte[] mutate(byte[] original, SplittableRandom random) {
        byte[] data = original.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (data.length > 0) {
                        int at = random.nextInt(data.length);
                        data[at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> {
                    if (data.length > 0) {
                        data[random.nextInt(data.length)] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
                    }
                }
                case 2 -> {
                    // a 4-byte big-endian field near the start (where sizes live) set to an extreme
                    if (data.length >= 8) {
                        int at = random.nextInt(Math.min(data.length - 3, 64));
                        int value = switch (random.nextInt(4)) {
                            case 0 -> Integer.MAX_VALUE;
                            case 1 -> -1;
                            case 2 -> 0;
                            default -> random.nextInt();
                        };
                        data[at] = (byte) (value >>> 24);
                        data[at + 1] = (byte) (value >>> 16);
                        data[at + 2] = (byte) (value >>> 8);
                        data[at + 3] = (byte) value;
                    }
                }
                case 3 -> data = java.util.Arrays.copyOf(data, data.length == 0 ? 0 : random.nextInt(data.length));
                case 4 -> {
                    byte[] longer = java.util.Arrays.copyOf(data, data.length + 1 + random.nextInt(32));
                    for (int i = data.length; i < longer.length; i++) {
                        longer[i] = (byte) random.nextInt(256);
                    }
                    data = longer;
                }
                default -> {
                    if (data.length > 2) {
                        int from = random.nextInt(data.length);
                        int to = random.nextInt(data.length);
                        int n = random.nextInt(Math.min(data.length - Math.max(from, to), 16) + 1);
                        System.arraycopy(data, from, data, to, n);
                    }
                }
            }
        }
        return data;
    }

    private static String describe(byte[] input) {
        String hex = HexFormat.of().formatHex(input, 0, Math.min(input.length, 96));
        return input.length + " bytes: " + hex + (input.length > 96 ? "…" : "");
    }
}
