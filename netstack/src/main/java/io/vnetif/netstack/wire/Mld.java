package io.vnetif.netstack.wire;

/**
 * Multicast listener discovery, version 2 (RFC 3810), at {@code at} (an ICMPv6 message): the report a
 * listener sends when it joins or leaves a group and when a querier asks, and the query it answers.
 * <pre>
 * report (143): reserved(16) records(16), then each record:
 *     record type(8) aux data length(8, in 32-bit words) sources(16)  group(128)  sources(128 each)  aux data
 * query (130):  max response code(16) reserved(16)  group(128)           (MLDv1: 24 bytes)
 *               S QRV(8) QQIC(8) sources(16)  sources(128 each)           (MLDv2: 28 bytes and more)
 * </pre>
 */
public final class Mld {
    /** Record types (§5.2.12): current state, and the filter-mode changes a join or leave reports. */
    public static final int MODE_IS_INCLUDE = 1;
    public static final int MODE_IS_EXCLUDE = 2;
    public static final int CHANGE_TO_INCLUDE = 3;
    public static final int CHANGE_TO_EXCLUDE = 4;
    public static final int RECORDS_AT = 8;
    public static final int RECORD_HEADER = 4 + Ipv6Address.LENGTH;
    public static final int QUERY_V1_LENGTH = 24;
    public static final int QUERY_V2_MIN_LENGTH = 28;

    private Mld() {
    }

    /** What is wrong with the report of {@code length} bytes at {@code at}, or null: every record lies within it. */
    public static String invalidReport(byte[] f, int at, int length) {
        if (length < RECORDS_AT) {
            return "shorter than a report's header";
        }
        int o = at + RECORDS_AT;
        int end = at + length;
        for (int i = recordCount(f, at); i > 0; i--) {
            if (end - o < RECORD_HEADER) {
                return "a record beyond the report";
            }
            int recordLength = recordLength(f, o);
            if (recordLength > end - o) {
                return "a record beyond the report";
            }
            o += recordLength;
        }
        return null;
    }

    public static int recordCount(byte[] f, int at) {
        return Bytes.u16(f, at + 6);
    }

    /** The bytes of the record at {@code recordAt}: header, group, sources, aux data. */
    public static int recordLength(byte[] f, int recordAt) {
        return RECORD_HEADER + Bytes.u16(f, recordAt + 2) * Ipv6Address.LENGTH + Bytes.u8(f, recordAt + 1) * 4;
    }

    public static int recordType(byte[] f, int recordAt) {
        return Bytes.u8(f, recordAt);
    }

    public static Ipv6Address recordGroup(byte[] f, int recordAt) {
        return Ipv6Address.read(f, recordAt + 4);
    }

    /**
     * Writes a report of one record per group, each of {@code recordType} with no source: a join is
     * CHANGE_TO_EXCLUDE of nothing, a leave CHANGE_TO_INCLUDE of nothing, the answer to a query
     * MODE_IS_EXCLUDE (§6.1). The ICMPv6 header's type and checksum are the caller's. Returns the length.
     */
    public static int writeReport(byte[] f, int at, int recordType, Iterable<Ipv6Address> groups) {
        int o = at + RECORDS_AT;
        int count = 0;
        for (Ipv6Address g : groups) {
            Bytes.put8(f, o, recordType);
            Bytes.put8(f, o + 1, 0);
            Bytes.put16(f, o + 2, 0);
            g.write(f, o + 4);
            o += RECORD_HEADER;
            count++;
        }
        Bytes.put16(f, at + 4, 0);
        Bytes.put16(f, at + 6, count);
        return o - at;
    }

    /** What is wrong with the query of {@code length} bytes at {@code at}, or null. */
    public static String invalidQuery(byte[] f, int at, int length) {
        if (length == QUERY_V1_LENGTH) {
            return null;
        }
        if (length < QUERY_V2_MIN_LENGTH) {
            return "neither an MLDv1 nor an MLDv2 query";
        }
        if (QUERY_V2_MIN_LENGTH + Bytes.u16(f, at + 26) * Ipv6Address.LENGTH > length) {
            return "sources beyond the query";
        }
        return null;
    }

    /** The group a query asks about (:: for a general query). */
    public static Ipv6Address queryGroup(byte[] f, int at) {
        return Ipv6Address.read(f, at + 8);
    }

    /** The longest a listener may wait to answer, in milliseconds (§5.1.3: the code's exponential form above 32768). */
    public static long maxResponseMillis(byte[] f, int at) {
        int code = Bytes.u16(f, at + 4);
        if (code < 0x8000) {
            return code;
        }
        int exp = (code >>> 12) & 0x7;
        int mant = code & 0xFFF;
        return (long) (mant | 0x1000) << (exp + 3);
    }
}
