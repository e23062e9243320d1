package io.vnetif.it;

import io.vnetif.client.NicOptions;
import io.vnetif.client.Vnetif;
import io.vnetif.client.VirtualSwitch;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * A minimal IPv4 station on a vnetif port, for tests with kernel stacks: answers ARP requests for its
 * address and ICMP echo requests to it. Arguments: {@code <switch host:port> <network> <ipv4>}. Prints
 * {@code READY mac=…}, then {@code ARP who-has <ip> tell <ip>} and {@code ICMP echo from <ip>} as they
 * come; runs until stdin closes.
 */
public final class ArpIcmpResponder {
    private final Vnetif nic;
    private final byte[] ip;

    private ArpIcmpResponder(Vnetif nic, byte[] ip) {
        this.nic = nic;
        this.ip = ip;
    }

    public static void main(String[] args) throws Exception {
        byte[] ip = InetAddress.getByName(args[2]).getAddress();
        try (VirtualSwitch sw = VirtualSwitch.remote(args[0]);
             Vnetif nic = sw.attach(NicOptions.builder().network(args[1]).label("responder").build())) {
            ArpIcmpResponder responder = new ArpIcmpResponder(nic, ip);
            nic.listen(responder::onFrame);
            System.out.println("READY mac=" + nic.mac());
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until the test closes stdin or kills us
            }
        }
    }

    private void onFrame(ByteBuffer frame) {
        byte[] f = new byte[frame.remaining()];
        frame.get(f);
        int etherType = ((f[12] & 0xFF) << 8) | (f[13] & 0xFF);
        if (etherType == 0x0806 && f.length >= 42 && f[21] == 1 && matches(f, 38)) {
            System.out.println("ARP who-has " + dotted(f, 38) + " tell " + dotted(f, 28));
            System.out.flush();
            nic.write(arpReply(f));
        } else if (etherType == 0x0800 && f.length >= 42 && f[23] == 1 && matches(f, 30) && f[14 + ihl(f)] == 8) {
            System.out.println("ICMP echo from " + dotted(f, 26));
            System.out.flush();
            nic.write(echoReply(f));
        }
    }

    private boolean matches(byte[] f, int at) {
        for (int i = 0; i < 4; i++) {
            if (f[at + i] != ip[i]) {
                return false;
            }
        }
        return true;
    }

    private static int ihl(byte[] f) {
        return (f[14] & 0x0F) * 4;
    }

    private static String dotted(byte[] f, int at) {
        return (f[at] & 0xFF) + "." + (f[at + 1] & 0xFF) + "." + (f[at + 2] & 0xFF) + "." + (f[at + 3] & 0xFF);
    }

    private ByteBuffer arpReply(byte[] request) {
        byte[] r = request.clone();
        byte[] mac = nic.mac().toBytes();
        System.arraycopy(request, 6, r, 0, 6);      // to the asker
        System.arraycopy(mac, 0, r, 6, 6);
        r[21] = 2;                                   // reply
        System.arraycopy(mac, 0, r, 22, 6);          // sender: us
        System.arraycopy(ip, 0, r, 28, 4);
        System.arraycopy(request, 22, r, 32, 6);     // target: the asker
        System.arraycopy(request, 28, r, 38, 4);
        return ByteBuffer.wrap(r);
    }

    private ByteBuffer echoReply(byte[] request) {
        byte[] r = request.clone();
        System.arraycopy(request, 6, r, 0, 6);
        System.arraycopy(nic.mac().toBytes(), 0, r, 6, 6);
        System.arraycopy(request, 30, r, 26, 4);     // swap IPs (the IP checksum stays valid)
        System.arraycopy(request, 26, r, 30, 4);
        int icmp = 14 + ihl(request);
        int totalLength = ((request[16] & 0xFF) << 8) | (request[17] & 0xFF);
        int icmpLength = totalLength - ihl(request);
        r[icmp] = 0;                                 // echo reply
        r[icmp + 2] = 0;
        r[icmp + 3] = 0;
        int sum = 0;
        for (int i = 0; i < icmpLength; i += 2) {
            int hi = r[icmp + i] & 0xFF;
            int lo = i + 1 < icmpLength ? r[icmp + i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        sum = ~sum & 0xFFFF;
        r[icmp + 2] = (byte) (sum >> 8);
        r[icmp + 3] = (byte) sum;
        return ByteBuffer.wrap(r, 0, 14 + totalLength);
    }
}
