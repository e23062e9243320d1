package io.vnetif.netstack.core;

import io.vnetif.netstack.udp.UdpEndpoint;
import io.vnetif.netstack.wire.Checksum;
import io.vnetif.netstack.wire.EthernetHeader;
import io.vnetif.netstack.wire.Ipv4Header;
import io.vnetif.netstack.wire.Ipv6Header;
import io.vnetif.netstack.wire.Ipv6Payload;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.statistics.Statistics;

/**
 * Mutated copies of real frames, the way a fuzzer that knows the formats makes them: bit flips, bytes set,
 * fields of the headers rewritten (lengths, flags, offsets, sequence numbers), frames cut short or grown;
 * most with their checksums made right again, so they reach past the checksum tests into the protocols.
 */
public final class Mutations {
    private Mutations() {
    }

    /** A mutated copy of {@code frame}; the name of the mutation in {@code kind[0]} for statistics. */
    public static byte[] mutate(byte[] frame, SplittableRandom random, String[] kind) {
        byte[] f = frame.clone();
        int ip = EthernetHeader.LENGTH;
        int l4 = ip + 20;
        switch (random.nextInt(9)) {
            case 0 -> {
                kind[0] = "bit flip";
                int at = random.nextInt(f.length);
                f[at] ^= (byte) (1 << random.nextInt(8));
            }
            case 1 -> {
                kind[0] = "byte set";
                f[random.nextInt(f.length)] = (byte) random.nextInt(256);
            }
            case 2 -> {
                kind[0] = "cut short";
                f = Arrays.copyOf(f, random.nextInt(f.length));
            }
            case 3 -> {
                kind[0] = "grown";
                f = Arrays.copyOf(f, f.length + 1 + random.nextInt(64));
            }
            case 4 -> {
                kind[0] = "ip length";
                if (f.length > ip + 4) {
                    f[ip + 2] = (byte) random.nextInt(256);
                    f[ip + 3] = (byte) random.nextInt(256);
                }
            }
            case 5 -> {
                kind[0] = "ip fragment";
                if (f.length > ip + 8) {
                    f[ip + 6] = (byte) random.nextInt(256);
                    f[ip + 7] = (byte) random.nextInt(256);
                }
            }
            case 6 -> {
                kind[0] = "tcp flags and offset";
                if (f.length > l4 + 14) {
                    f[l4 + 12] = (byte) random.nextInt(256);
                    f[l4 + 13] = (byte) random.nextInt(256);
                }
            }
            case 7 -> {
                kind[0] = "tcp numbers";
                if (f.length > l4 + 12) {
                    int field = l4 + 4 + 4 * random.nextInt(2);
                    int delta = random.nextInt(-70_000, 70_000);
                    int v = ((f[field] & 255) << 24 | (f[field + 1] & 255) << 16 | (f[field + 2] & 255) << 8 | (f[field + 3] & 255)) + delta;
                    f[field] = (byte) (v >>> 24);
                    f[field + 1] = (byte) (v >>> 16);
                    f[field + 2] = (byte) (v >>> 8);
                    f[field + 3] = (byte) v;
                }
            }
            default -> {
                kind[0] = "options";
                for (int i = l4 + 20; i < Math.min(f.length, l4 + 40); i++) {
                    if (random.nextInt(4) == 0) {
                        f[i] = (byte) random.nextInt(256);
                    }
                }
            }
        }
        if (random.nextInt(4) != 0) {
            fixChecksums(f);
        } else {
            kind[0] += ", checksums left";
        }
        return f;
    }

    /** Makes the IPv4 header checksum right, and the TCP, UDP or ICMP checksum where the lengths allow (ICMPv6's or UDP's for IPv6). */
    public static void fixChecksums(byte[] f) {
        if (f.length >= EthernetHeader.LENGTH && EthernetHeader.type(f) == EthernetHeader.TYPE_IPV6) {
            fixIpv6Checksum(f);
            return;
        }
        int ip = EthernetHeader.LENGTH;
        if (f.length < ip + 20 || EthernetHeader.type(f) != EthernetHeader.TYPE_IPV4) {
            return;
        }
        int headerLength = (f[ip] & 15) * 4;
        if (headerLength < 20 || f.length < ip + headerLength) {
            return;
        }
        f[ip + 10] = 0;
        f[ip + 11] = 0;
        int sum = Checksum.finish(Checksum.sum(f, ip, headerLength));
        f[ip + 10] = (byte) (sum >>> 8);
        f[ip + 11] = (byte) sum;
        int total = Ipv4Header.totalLength(f, ip);
        int l4 = ip + headerLength;
        int length = total - headerLength;
        if (length < 8 || ip + total > f.length || Ipv4Header.fragmentOffset(f, ip) != 0 || Ipv4Header.moreFragments(f, ip)) {
            return;
        }
        int protocol = Ipv4Header.protocol(f, ip);
        int checksumAt = switch (protocol) {
            case Ipv4Header.PROTOCOL_TCP -> length >= 20 ? l4 + 16 : -1;
            case Ipv4Header.PROTOCOL_UDP -> l4 + 6;
            case Ipv4Header.PROTOCOL_ICMP -> l4 + 2;
            default -> -1;
        };
        if (checksumAt < 0) {
            return;
        }
        f[checksumAt] = 0;
        f[checksumAt + 1] = 0;
        long partial = Checksum.sum(f, l4, length);
        if (protocol != Ipv4Header.PROTOCOL_ICMP) {
            partial += Checksum.pseudoHeader(Ipv4Header.source(f, ip), Ipv4Header.destination(f, ip), protocol, length);
        }
        int c = Checksum.finish(partial);
        if (protocol == Ipv4Header.PROTOCOL_UDP && c == 0) {
            c = 0xFFFF;
        }
        f[checksumAt] = (byte) (c >>> 8);
        f[checksumAt + 1] = (byte) c;
    }

    /** Makes the ICMPv6 or UDP checksum right where the header and extension headers hold together. */
    private static void fixIpv6Checksum(byte[] f) {
        int ip = EthernetHeader.LENGTH;
        Ipv6Payload p = new Ipv6Payload();
        if (Ipv6Header.invalid(f, ip, f.length - ip) != null || p.read(f, ip) != null) {
            return;
        }
        int checksumAt = switch (p.protocol) {
            case Ipv6Header.NEXT_ICMPV6 -> p.length >= 4 ? p.at + 2 : -1;
            case Ipv6Header.NEXT_UDP -> p.length >= 8 ? p.at + 6 : -1;
            default -> -1;
        };
        if (checksumAt < 0) {
            return;
        }
        f[checksumAt] = 0;
        f[checksumAt + 1] = 0;
        int c = Checksum.finish(Ipv6Header.pseudoHeaderSum(f, ip, p.protocol, p.length) + Checksum.sum(f, p.at, p.length));
        if (p.protocol == Ipv6Header.NEXT_UDP && c == 0) {
            c = 0xFFFF;
        }
        f[checksumAt] = (byte) (c >>> 8);
        f[checksumAt + 1] = (byte) c;
    }

    /** Takes and drops every datagram waiting at {@code e}: what an attack left, before a real one is awaited. */
    public static void discardWhatTheAttackLeft(UdpEndpoint e) {
        e.lock.lock();
        try {
            while (e.hasDatagram()) {
                e.take(new byte[65_535], 0, 65_535);
            }
        } finally {
            e.lock.unlock();
        }
    }

    /**
     * Injects {@code frames} hostile frames into the LAN as if {@code from} sent them, a few milliseconds
     * apart: one in ten random bytes, the others mutations of {@code templates}; each kind collected for the
     * property's statistics.
     */
    public static void attack(VirtualLan lan, VirtualLan.Host from, List<byte[]> templates, int frames, SplittableRandom random) {
        String[] kind = new String[1];
        for (int i = 0; i < frames; i++) {
            byte[] f;
            if (random.nextInt(10) == 0) {
                f = new byte[random.nextInt(1600)];
                random.nextBytes(f);
                kind[0] = "random bytes";
            } else {
                f = mutate(templates.get(random.nextInt(templates.size())), random, kind);
            }
            Statistics.label("mutation").collect(kind[0].replace(", checksums left", ""));
            lan.inject(from, f);
            lan.run(random.nextInt(5) * 1_000_000L);
        }
    }
}
