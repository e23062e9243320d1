package io.vnetif.netstack.wire;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 addresses as the stack holds them: an {@code int} in network order (198.19.0.5 is 0xC6130005). */
public final class Ipv4Address {
    private Ipv4Address() {
    }

    /**
     * A dotted quad, e.g. {@code 198.19.0.5}.
     *
     * @throws IllegalArgumentException naming the text when it is not one
     */
    public static int parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (e.g. 198.19.0.5)");
        }
        int address = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = part.isEmpty() || part.length() > 3 ? -1 : Integer.parseInt(part);
            } catch (NumberFormatException e) {
                octet = -1;
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (e.g. 198.19.0.5)");
            }
            address = address << 8 | octet;
        }
        return address;
    }

    /** The address of an {@link Inet4Address}. */
    public static int of(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException(address + " is not an IPv4 address: this stack speaks IPv4");
        }
        byte[] b = address.getAddress();
        return Bytes.i32(b, 0);
    }

    /** The {@link InetAddress} of an address (no name lookup). */
    public static InetAddress toInet(int address) {
        byte[] b = new byte[4];
        Bytes.put32(b, 0, address);
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes were refused as an address", e); // only other lengths are
        }
    }

    /** The mask of a prefix length 0..32, e.g. 24 → 255.255.255.0. */
    public static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public static String text(int address) {
        return Ipv4Header.text(address);
    }
}
