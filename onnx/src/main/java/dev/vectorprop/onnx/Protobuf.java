package dev.vectorprop.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The protobuf wire format, as much of it as ONNX files need: varints, 32- and 64-bit fixed values and
 * length-delimited fields (strings, bytes, nested messages, packed arrays). Hand-written rather than
 * protobuf-java with generated classes: a dozen messages of {@code onnx.proto} are read and written, and the
 * module stays free of dependencies.
 *
 * <p>A {@link Reader} checks every length and size against the bytes left in its message before it
 * allocates anything, and charges what its caller will build for each nested message and packed element against
 * a budget proportional to the input (an empty message is two bytes of input, but a record and its lists once
 * read): no input makes the decoder hold more than a fixed multiple of its own size. A malformed input is an
 * {@link IOException} naming the offset.
 */
final class Protobuf {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private Protobuf() {
    }

    /** Reads the fields of one message, in order, from a range of a byte array. */
    static final class Reader {
        /** Bytes of memory a decoded message (a record and its lists) may take, at most. */
        private static final int MESSAGE_COST = 512;
        /** Decoded memory allowed per byte of input, beyond a first megabyte. */
        private static final int BUDGET_PER_BYTE = 64;

        private final String source;
        private final byte[] bytes;
        private final int end;
        /** What is left of the whole input's budget, shared by every nested reader. */
        private final long[] budget;
        private int position;
        private int tag;

        Reader(String source, byte[] bytes) {
            this(source, bytes, 0, bytes.length, new long[] {(1L << 20) + (long) BUDGET_PER_BYTE * bytes.length});
        }

        private Reader(String source, byte[] bytes, int from, int end, long[] budget) {
            this.source = source;
            this.bytes = bytes;
            this.position = from;
            this.end = end;
            this.budget = budget;
        }

        private void charge(long memory) throws IOException {
            budget[0] -= memory;
            if (budget[0] < 0) {
                throw corrupt("more nested messages or values than a model of " + bytes.length + " bytes can hold");
            }
        }

        /** Moves to the next field; false at the end of the message. */
        boolean next() throws IOException {
            if (position >= end) {
                return false;
            }
            long key = varint();
            if (key >>> 3 == 0 || key >>> 3 > 0x1FFFFFFF) {
                throw corrupt("field number " + (key >>> 3));
            }
            tag = (int) key;
            return true;
        }

        int field() {
            return tag >>> 3;
        }

        int wireType() {
            return tag & 7;
        }

        /** A varint field's value (or an element of a packed array). */
        long varint() throws IOException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= end) {
                    throw truncated("a varint");
                }
                byte b = bytes[position++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw corrupt("a varint longer than 10 bytes");
        }

        /** A varint field that must fit in an int (an enum, a count). */
        int int32() throws IOException {
            expect(VARINT);
            long value = varint();
            if (value != (int) value) {
                throw corrupt("field " + field() + " is " + value + ", beyond a 32-bit integer");
            }
            return (int) value;
        }

        long int64() throws IOException {
            expect(VARINT);
            return varint();
        }

        float fixed32Float() throws IOException {
            expect(FIXED32);
            return Float.intBitsToFloat(littleEndianInt());
        }

        /** A string field; malformed UTF-8 is refused (replaced, two different names could become one). */
        String string() throws IOException {
            int length = length();
            String value;
            try {
                value = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes, position, length)).toString();
            } catch (CharacterCodingException e) {
                throw new IOException("a string at byte " + position + " is not valid UTF-8");
            }
            position += length;
            return value;
        }

        byte[] bytes() throws IOException {
            int length = length();
            byte[] value = Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return value;
        }

        /** The nested message of a length-delimited field. */
        Reader message() throws IOException {
            int length = length();
            charge(MESSAGE_COST);
            Reader nested = new Reader(source, bytes, position, position + length, budget);
            position += length;
            return nested;
        }

        /** Skips the current field, whatever its wire type. */
        void skip() throws IOException {
            switch (wireType()) {
                case VARINT -> varint();
                case FIXED64 -> advance(8);
                case LENGTH_DELIMITED -> advance(length());
                case FIXED32 -> advance(4);
                default -> throw corrupt("wire type " + wireType() + " in field " + field());
            }
        }

        /**
         * Appends the current field's floats, or doubles rounded to float, packed or one unpacked, to
         * {@code into}.
         */
        void reals(FloatList into, boolean doubles) throws IOException {
            if (wireType() == (doubles ? FIXED64 : FIXED32)) {
                into.add(real(doubles));
                return;
            }
            int width = doubles ? 8 : 4;
            int length = length();
            if (length % width != 0) {
                throw corrupt("packed " + (doubles ? "doubles" : "floats") + " of " + length + " bytes");
            }
            into.ensure(length / width);
            for (int stop = position + length; position < stop; ) {
                into.add(real(doubles));
            }
        }

        private float real(boolean isDouble) throws IOException {
            return isDouble ? (float) Double.longBitsToDouble(littleEndianLong()) : Float.intBitsToFloat(littleEndianInt());
        }

        /** Appends the current field's varints (packed, or one unpacked) to {@code into}. */
        void varints(LongList into) throws IOException {
            if (wireType() == VARINT) {
                into.add(varint());
                return;
            }
            int length = length();
            Reader packed = new Reader(source, bytes, position, position + length, budget);
            position += length;
            while (packed.position < packed.end) {
                charge(2 * Long.BYTES); // a long list grows by doubling
                into.add(packed.varint());
            }
        }

        /** The offset of the next byte to read, for messages. */
        int offset() {
            return position;
        }

        IOException corrupt(String what) {
            return new IOException(source + " is not a valid ONNX file: " + what + " at offset " + position);
        }

        private IOException truncated(String what) {
            return new IOException(source + " is not a valid ONNX file: " + what + " runs past the end of its "
                    + "message at offset " + position + " (a truncated or damaged file)");
        }

        private void expect(int wireType) throws IOException {
            if (wireType() != wireType) {
                throw corrupt("field " + field() + " has wire type " + wireType() + ", expected " + wireType);
            }
        }

        /** A length field, checked against the bytes left in this message. */
        private int length() throws IOException {
            expect(LENGTH_DELIMITED);
            long length = varint();
            if (length < 0 || length > end - position) {
                throw corrupt("field " + field() + " claims " + length + " bytes, " + (end - position) + " are left");
            }
            return (int) length;
        }

        private void advance(int count) throws IOException {
            if (count > end - position) {
                throw truncated("field " + field());
            }
            position += count;
        }

        private int littleEndianInt() throws IOException {
            if (end - position < 4) {
                throw truncated("a 32-bit value");
            }
            int value = (bytes[position] & 0xFF) | (bytes[position + 1] & 0xFF) << 8 | (bytes[position + 2] & 0xFF) << 16
                    | (bytes[position + 3] & 0xFF) << 24;
            position += 4;
            return value;
        }

        private long littleEndianLong() throws IOException {
            long low = littleEndianInt() & 0xFFFFFFFFL;
            return low | (long) littleEndianInt() << 32;
        }
    }

    /** Writes the fields of one message. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer varint(int field, long value) {
            key(field, VARINT);
            rawVarint(value);
            return this;
        }

        Writer fixed32Float(int field, float value) {
            key(field, FIXED32);
            rawInt(Float.floatToRawIntBits(value));
            return this;
        }

        Writer string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Writer bytes(int field, byte[] value) {
            key(field, LENGTH_DELIMITED);
            rawVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        Writer message(int field, Writer nested) {
            return bytes(field, nested.toByteArray());
        }

        /** Floats as one packed field. */
        Writer packedFloats(int field, float[] values) {
            Writer packed = new Writer();
            for (float v : values) {
                packed.rawInt(Float.floatToRawIntBits(v));
            }
            return message(field, packed);
        }

        /** Varints as one packed field. */
        Writer packedVarints(int field, long[] values) {
            Writer packed = new Writer();
            for (long v : values) {
                packed.rawVarint(v);
            }
            return message(field, packed);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void key(int field, int wireType) {
            rawVarint((long) field << 3 | wireType);
        }

        private void rawVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) (value & 0x7F) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }

        private void rawInt(int value) {
            out.write(value);
            out.write(value >>> 8);
            out.write(value >>> 16);
            out.write(value >>> 24);
        }
    }

    /** A growable float array: unpacked repeated fields arrive one at a time. */
    static final class FloatList {
        private float[] values = new float[8];
        private int size;

        void add(float value) {
            ensure(1);
            values[size++] = value;
        }

        /** Room for {@code more} values, which the caller has checked are in the input. */
        void ensure(int more) {
            if (size + more > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, size + more));
            }
        }

        int size() {
            return size;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** A growable long array. */
    static final class LongList {
        private long[] values = new long[8];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = value;
        }

        int size() {
            return size;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
