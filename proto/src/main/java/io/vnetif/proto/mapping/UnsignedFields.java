package io.vnetif.proto.mapping;

/**
 * Reads proto3 unsigned fields, which Java holds in signed types: a uint32 from 2^31 up arrives as a
 * negative int, a uint64 from 2^63 up as a negative long. Read through here, such a value is refused
 * quoting it as it was sent — never taken for the negative number Java shows (an EtherType of -1 would
 * mean "any", a MTU of -1 would be reported as such).
 */
public final class UnsignedFields {
    private UnsignedFields() {
    }

    /**
     * The uint32 {@code value} of {@code field}, when it is in {@code min..max} (both at most
     * {@link Integer#MAX_VALUE}).
     *
     * @throws IllegalArgumentException "field 4294967295 out of range min..max"
     */
    public static int uint32(int value, int min, int max, String field) {
        if (Integer.compareUnsigned(value, min) < 0 || Integer.compareUnsigned(value, max) > 0) {
            throw new IllegalArgumentException(field + " " + Integer.toUnsignedString(value) + " out of range " + min + ".." + max);
        }
        return value;
    }

    /**
     * The uint64 {@code value} of {@code field}, when it is in {@code min..max} (both at most
     * {@link Long#MAX_VALUE}).
     *
     * @throws IllegalArgumentException "field 18446744073709551615 out of range min..max"
     */
    public static long uint64(long value, long min, long max, String field) {
        if (Long.compareUnsigned(value, min) < 0 || Long.compareUnsigned(value, max) > 0) {
            throw new IllegalArgumentException(field + " " + Long.toUnsignedString(value) + " out of range " + min + ".." + max);
        }
        return value;
    }

    /** A uint64 limit, where more than {@link Long#MAX_VALUE} is as good as no limit: {@link Long#MAX_VALUE} then. */
    public static long saturatedUint64(long value) {
        return value < 0 ? Long.MAX_VALUE : value;
    }
}
