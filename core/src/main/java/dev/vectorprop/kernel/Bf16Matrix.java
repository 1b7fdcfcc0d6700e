package dev.vectorprop.kernel;

/**
 * A read-only {@code rows × columns} weight matrix in 16 bits per weight, with bfloat16's precision:
 * half the bytes of {@code float}, which is what a one-row product, bound by reading the weights,
 * runs on. {@link Kernels#gemvBf16} multiplies a row by it.
 *
 * <p>Layout: columns are taken in groups of 32, padded with zeros; each 32-bit word of a row holds two
 * weights {@value #HALF} columns apart. Word {@code 16g + l} of row i pairs column {@code 32g + l}
 * ("high") with column {@code 32g + 16 + l} ("low"). The low weight is the word's bottom 16 bits, a
 * bfloat16 rounded to nearest even: its value is {@code intBitsToFloat(word << 16)}. The high weight
 * is the whole word read as a float, {@code intBitsToFloat(word)}: its top 16 bits are chosen so that,
 * with the low weight's bits below them, the float is the one nearest the weight. Both are within
 * 2<sup>−8</sup> of the weight, relatively (bfloat16's unit roundoff), and a kernel reads the high
 * weight with no masking, which is a tenth of the one-row product's time. (One exception: a high
 * weight below 2<sup>−126</sup> in magnitude, zero included, paired with a nonzero low weight becomes
 * ±2<sup>−126</sup> and a little, as the low weight's bits cannot be cleared from it.)
 *
 * <p>{@link #get} returns the value a kernel multiplies by; a network predicting in bfloat16 uses
 * exactly these values in its {@code float} weights too, so a row gives the same result alone (through
 * this matrix) as in a batch (through the ordinary product).
 */
public final class Bf16Matrix {
    /** Columns between the two weights of a word. */
    public static final int HALF = 16;
    /** Columns per group of words. */
    public static final int GROUP = 2 * HALF;

    private final int rows;
    private final int columns;
    private final int wordsPerRow;
    private final int[] words;

    private Bf16Matrix(int rows, int columns, int wordsPerRow, int[] words) {
        this.rows = rows;
        this.columns = columns;
        this.wordsPerRow = wordsPerRow;
        this.words = words;
    }

    /**
     * Packs the {@code rows × columns} matrix at {@code w[offset + i·ld + j]}.
     *
     * @throws IllegalArgumentException if a dimension is not positive, rows overlap ({@code ld < columns})
     *                                  or a weight is not finite
     */
    public static Bf16Matrix of(int rows, int columns, float[] w, int offset, int ld) {
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException("a matrix needs positive dimensions, got " + rows + " × " + columns);
        }
        if (ld < columns) {
            throw new IllegalArgumentException("rows " + ld + " apart cannot hold " + columns + " columns");
        }
        int wordsPerRow = (columns + GROUP - 1) / GROUP * HALF;
        int[] words = new int[Math.multiplyExact(rows, wordsPerRow)];
        for (int i = 0; i < rows; i++) {
            for (int word = 0; word < wordsPerRow; word++) {
                int high = highColumn(word);
                int low = high + HALF;
                float first = high < columns ? w[offset + i * ld + high] : 0f;
                float second = low < columns ? w[offset + i * ld + low] : 0f;
                if (!Float.isFinite(first) || !Float.isFinite(second)) {
                    throw new IllegalArgumentException("weight (" + i + ", " + (Float.isFinite(first) ? low : high)
                            + ") is " + (Float.isFinite(first) ? second : first));
                }
                words[i * wordsPerRow + word] = pack(first, second);
            }
        }
        return new Bf16Matrix(rows, columns, wordsPerRow, words);
    }

    /** The word holding {@code high} as a whole float and {@code low} as its bottom 16 bits. */
    static int pack(float high, float low) {
        int lowBits = roundToBf16(low) >>> 16;
        int top = Float.floatToRawIntBits(high) & 0xFFFF0000;
        if ((lowBits & 0x7FFF) == 0) {
            // the low weight is zero: the word is the high weight in bfloat16, the low one +0
            return roundToBf16(high);
        }
        if ((top & 0x7F800000) == 0) {
            // zero or subnormal: the smallest normal magnitude, lest the low weight's bits make a subnormal
            return (top & 0x80000000) | 0x00800000 | lowBits;
        }
        int best = top | lowBits;
        for (int candidate : new int[] {(top - 0x10000) | lowBits, (top + 0x10000) | lowBits}) {
            float value = Float.intBitsToFloat(candidate);
            if (Float.isFinite(value) && (candidate & 0x7F800000) != 0
                    && Math.abs(value - high) < Math.abs(Float.intBitsToFloat(best) - high)) {
                best = candidate;
            }
        }
        return best;
    }

    /**
     * The float with x's top 16 bits rounded to nearest even and its bottom 16 bits zero; beyond
     * bfloat16's largest finite value, that value (truncated), not infinity.
     */
    static int roundToBf16(float x) {
        int bits = Float.floatToRawIntBits(x);
        int rounded = (bits + 0x7FFF + ((bits >>> 16) & 1)) & 0xFFFF0000;
        // rounding the largest floats up would overflow into infinity: truncate those instead
        return Float.isFinite(Float.intBitsToFloat(rounded)) ? rounded : bits & 0xFFFF0000;
    }

    /**
     * Columns {@code [from, to)} as a matrix of their own, with the very same words: {@code from} a multiple of
     * {@value #GROUP}, and {@code to} too unless it is the last column.
     */
    public Bf16Matrix columns(int from, int to) {
        if (from < 0 || from >= to || to > columns || from % GROUP != 0 || to % GROUP != 0 && to != columns) {
            throw new IllegalArgumentException("columns " + from + ".." + to + " of " + columns + " are not whole "
                    + "groups of " + GROUP);
        }
        int first = from / GROUP * HALF;
        int width = (to - from + GROUP - 1) / GROUP * HALF;
        int[] slice = new int[rows * width];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(words, i * wordsPerRow + first, slice, i * width, width);
        }
        return new Bf16Matrix(rows, to - from, width, slice);
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** Words per row: the columns rounded up to a multiple of {@value #GROUP}, halved. */
    public int wordsPerRow() {
        return wordsPerRow;
    }

    /** The packed words, row-major; for kernels, which must not modify them. */
    public int[] words() {
        return words;
    }

    /** The value kernels multiply by for element (i, j). */
    public float get(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= columns) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") is outside " + rows + " × " + columns);
        }
        int word = words[i * wordsPerRow + j / GROUP * HALF + j % HALF]; // the word whose high or low column j is
        return j % GROUP < HALF ? high(word) : low(word);
    }

    /** The column of the high weight of word {@code word} of a row (its low weight's is {@value #HALF} more). */
    public static int highColumn(int word) {
        return word / HALF * GROUP + word % HALF;
    }

    /** The high weight of a word: the word itself read as a float. */
    public static float high(int word) {
        return Float.intBitsToFloat(word);
    }

    /** The low weight of a word: its bottom 16 bits as a bfloat16. */
    public static float low(int word) {
        return Float.intBitsToFloat(word << 16);
    }

    /** Writes the values kernels multiply by over the matrix at {@code w[offset + i·ld + j]}. */
    public void decodeInto(float[] w, int offset, int ld) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                w[offset + i * ld + j] = get(i, j);
            }
        }
    }
}
