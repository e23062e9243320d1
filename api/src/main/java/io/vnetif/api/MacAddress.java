package io.vnetif.api;

import java.util.random.RandomGenerator;

/**
 * An immutable 48-bit IEEE 802 MAC address.
 *
 * <p>The address is held as the low 48 bits of a {@code long} (first octet most significant), which is
 * also how the forwarding engine keys its MAC tables, so converting costs nothing on the frame path.
 */
public final class MacAddress implements Comparable<MacAddress> {
    /** {@code ff:ff:ff:ff:ff:ff}. */
    public static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);

    private static final long MASK = 0xFFFF_FFFF_FFFFL;
    private static final long GROUP_BIT = 0x0100_0000_0000L;
    private static final long LOCAL_BIT = 0x0200_0000_0000L;

    private final long bits;

    private MacAddress(long bits) {
        this.bits = bits;
    }

    /** The address whose octets are the low 48 bits of {@code bits}, first octet most significant. */
    public static MacAddress fromLong(long bits) {
        if ((bits & ~MASK) != 0) {
            throw new IllegalArgumentException("MAC address value has more than 48 bits: 0x" + Long.toHexString(bits));
        }
        return new MacAddress(bits);
    }

    /** The address in the first six bytes of {@code octets} (exactly six bytes expected). */
    public static MacAddress fromBytes(byte[] octets) {
        if (octets.length != 6) {
            throw new IllegalArgumentException("MAC address needs 6 bytes, got " + octets.length);
        }
        long v = 0;
        for (byte b : octets) {
            v = (v << 8) | (b & 0xFF);
        }
        return new MacAddress(v);
    }

    /**
     * Parses {@code 02:00:5e:10:00:01} (also with {@code -} as separator, either case).
     *
     * @throws IllegalArgumentException naming the text when it is not a MAC address
     */
    public static MacAddress parse(String text) {
        if (text == null || text.length() != 17) {
            throw new IllegalArgumentException("not a MAC address (want xx:xx:xx:xx:xx:xx): '" + text + "'");
        }
        long v = 0;
        for (int i = 0; i < 6; i++) {
            int at = i * 3;
            if (i > 0) {
                char sep = text.charAt(at - 1);
                if (sep != ':' && sep != '-') {
                    throw new IllegalArgumentException("not a MAC address (want xx:xx:xx:xx:xx:xx): '" + text + "'");
                }
            }
            int hi = Character.digit(text.charAt(at), 16);
            int lo = Character.digit(text.charAt(at + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("not a MAC address (bad hex digit): '" + text + "'");
            }
            v = (v << 8) | (hi << 4) | lo;
        }
        return new MacAddress(v);
    }

    /** A random locally administered unicast address ({@code x2:}, {@code x6:}, {@code xa:} or {@code xe:}). */
    public static MacAddress randomLocal(RandomGenerator random) {
        long v = random.nextLong() & MASK;
        v = (v & ~GROUP_BIT) | LOCAL_BIT;
        return new MacAddress(v);
    }

    /** The 48 bits of the address in the low bits of a long. */
    public long toLong() {
        return bits;
    }

    /** The six octets, first octet first. */
    public byte[] toBytes() {
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) (bits >>> (40 - 8 * i));
        }
        return out;
    }

    /** True for group (multicast and broadcast) addresses: the I/G bit of the first octet is set. */
    public boolean isMulticast() {
        return isMulticast(bits);
    }

    /** True for {@code ff:ff:ff:ff:ff:ff}. */
    public boolean isBroadcast() {
        return bits == MASK;
    }

    /** True when the U/L bit is set (an address not assigned by a vendor). */
    public boolean isLocallyAdministered() {
        return (bits & LOCAL_BIT) != 0;
    }

    /** Same as {@link #isMulticast()} for an address held as a long. */
    public static boolean isMulticast(long bits) {
        return (bits & GROUP_BIT) != 0;
    }

    @Override
    public int compareTo(MacAddress other) {
        return Long.compare(bits, other.bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress && ((MacAddress) o).bits == bits;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bits);
    }

    /** Lower-case, colon-separated: {@code 02:00:5e:10:00:01}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            int octet = (int) (bits >>> (40 - 8 * i)) & 0xFF;
            sb.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 0xF, 16));
        }
        return sb.toString();
    }
}
