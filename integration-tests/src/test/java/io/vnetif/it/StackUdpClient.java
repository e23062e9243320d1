package io.vnetif.it;

import io.vnetif.client.NicOptions;
import io.vnetif.client.VirtualSwitch;
import io.vnetif.netstack.NetStack;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A UDP client on vnetif's TCP/IP stack: sends datagrams to an echo server (until each is answered, at
 * most 5 tries) and checks the answers. Arguments: {@code <switch> <network> <own ip/prefix[,ipv6/prefix]>
 * <server ip> <port> <datagrams>} (the server's an IPv4 or IPv6 literal). Prints {@code answered N}.
 */
public final class StackUdpClient {
    private StackUdpClient() {
    }

    public static void main(String[] args) throws Exception {
        try (VirtualSwitch sw = VirtualSwitch.remote(args[0]);
             NetStack stack = addresses(NetStack.builder(sw.attach(NicOptions.builder().network(args[1]).mtu(1450).label("udp client").build())),
                     args[2]).build();
             DatagramSocket socket = stack.datagramSocket(0)) {
            InetSocketAddress server = new InetSocketAddress(args[3], Integer.parseInt(args[4]));
            socket.setSoTimeout(1_000);
            int answered = 0;
            for (int i = 0; i < Integer.parseInt(args[5]); i++) {
                byte[] sent = ("datagram " + i).getBytes(StandardCharsets.US_ASCII);
                for (int attempt = 0; attempt < 5; attempt++) {
                    socket.send(new DatagramPacket(sent, sent.length, server));
                    DatagramPacket back = new DatagramPacket(new byte[100], 100);
                    try {
                        socket.receive(back);
                    } catch (SocketTimeoutException e) {
                        continue; // the first may wait for ARP or neighbour discovery on a loaded machine
                    }
                    if (new String(back.getData(), 0, back.getLength(), StandardCharsets.US_ASCII).equals("datagram " + i)) {
                        answered++;
                        break;
                    }
                }
            }
            System.out.println("answered " + answered);
        }
    }

    private static NetStack.Builder addresses(NetStack.Builder b, String commaSeparated) {
        for (String a : commaSeparated.split(",")) {
            b.address(a);
        }
        return b;
    }
}
