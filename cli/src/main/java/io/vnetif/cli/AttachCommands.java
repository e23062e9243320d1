package io.vnetif.cli;

import io.vnetif.proto.v1.AttachRawUdpRequest;
import io.vnetif.proto.v1.AttachResponse;
import io.vnetif.proto.v1.AttachVxlanRequest;
import io.vnetif.proto.v1.DetachRequest;
import io.vnetif.proto.v1.RemovePortRequest;
import io.vnetif.text.HostPort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Ports for stacks that cannot speak vnetif's own protocol: Linux VXLAN devices, QEMU/VDE raw UDP. */
final class AttachCommands {
    private AttachCommands() {
    }

    /**
     * The line every attach prints. No secret: {@code vnetif detach #ID} removes the port as an operator, so a
     * secret would only end up in terminals and logs.
     */
    static String describe(String kind, AttachResponse r, String detail) {
        String id = "#" + Integer.toUnsignedString(r.getPortId());
        return String.format("%s port %s on %s: %s (mac %s, detach with: vnetif detach %s)", kind, id, r.getNetwork(), detail,
                r.getMac(), id);
    }

    /**
     * A peer's address as typed, checked here: a mistake is a usage error in the option's words (exit 2), not a
     * refusal from the switch. Nothing is looked up: the name has to resolve where the switch runs.
     */
    static void checkPeer(String option, String text, int defaultPort) {
        try {
            HostPort.unresolved(text, defaultPort);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /** {@code vnetif vxlan --network lab --vni 42 --peer 198.18.1.1}. */
    @Command(name = "vxlan", mixinStandardHelpOptions = true, description = {
            "Attaches a VXLAN peer (e.g. a Linux vxlan device) to a network; the switch must run with --vxlan.",
            "On the peer: ip link add vx0 type vxlan id VNI remote SWITCH-ADDRESS dstport 4789",
            "(SWITCH-ADDRESS: the address it prints, where the peer's device sends to)"})
    static final class Vxlan extends SwitchCommand {
        /** The IANA VXLAN port, which the switch assumes for a peer given without one. */
        private static final int VXLAN_PORT = 4789;

        @Mixin
        NetworkName network;

        @Option(names = "--vni", required = true, description = "VXLAN network identifier, 1..16777215.")
        int vni;

        @Option(names = "--peer", required = true, paramLabel = "HOST[:PORT]", description = "The peer's address (port " + VXLAN_PORT + " when left out).")
        String peer;

        @Mixin
        PortLabelAndMtu port;

        @Option(names = "--station", paramLabel = "MAC", description = "Pin this station behind the peer (repeatable): "
                + "found there without learning, and no other port may send from it.")
        java.util.List<String> stations = new java.util.ArrayList<>();

        @Override
        public Integer call() {
            checkPeer("--peer", peer, VXLAN_PORT);
            AttachResponse r = connection.call(stub -> stub.attachVxlan(AttachVxlanRequest.newBuilder().setNetwork(network.name)
                    .setVni(vni).setPeer(peer).setLabel(port.label).setMtu(port.mtu).addAllStations(stations).build()));
            out().println(describe("VXLAN", r, "peer " + peer + " vni " + vni + ", its vxlan device sends to "
                    + HostPort.format(r.getDataEndpoint().getHost(), r.getDataEndpoint().getPort())));
            return 0;
        }
    }

    /** {@code vnetif raw --network lab --remote 198.18.4.1:5555}. */
    @Command(name = "raw", mixinStandardHelpOptions = true, description = {
            "Attaches a raw-UDP port (one Ethernet frame per datagram, no header): QEMU -netdev dgram, VDE udp://.",
            "Prints the switch's UDP endpoint for it, as the remote must address it: the remote sends its frames there."})
    static final class Raw extends SwitchCommand {
        @Mixin
        NetworkName network;

        @Option(names = "--remote", required = true, paramLabel = "HOST:PORT", description = "Where the frames come from and go to.")
        String remote;

        @Option(names = "--local-port", defaultValue = "0", description = "The switch's UDP port for it (default: any free port).")
        int localPort;

        @Option(names = "--local-host", defaultValue = "", description = "Address the switch's socket binds to (default: the switch's --data address).")
        String localHost;

        @Mixin
        PortLabelAndMtu port;

        @Option(names = "--restrict-source-mac", description = "Accept only frames from the port's own MAC (a single station).")
        boolean restrict;

        @Option(names = "--station", paramLabel = "MAC", description = "Pin this station behind the remote (repeatable): "
                + "found there without learning, and no other port may send from it.")
        java.util.List<String> stations = new java.util.ArrayList<>();

        @Override
        public Integer call() {
            checkPeer("--remote", remote, 0);
            AttachResponse r = connection.call(stub -> stub.attachRawUdp(AttachRawUdpRequest.newBuilder().setNetwork(network.name)
                    .setRemote(remote).setLocalPort(localPort).setLocalHost(localHost).setLabel(port.label).setMtu(port.mtu)
                    .setRestrictSourceMac(restrict).addAllStations(stations).build()));
            out().println(describe("raw UDP", r, "remote " + remote + " sends its frames to "
                    + HostPort.format(r.getDataEndpoint().getHost(), r.getDataEndpoint().getPort())));
            return 0;
        }
    }

    /** {@code vnetif detach ID [SECRET]}. */
    @Command(name = "detach", mixinStandardHelpOptions = true, description = {
            "Detaches a port by id (as ports and attach print it), any kind of port.",
            "Without SECRET: as an operator of the switch (with --token-file: the token's holder).",
            "With the port's SECRET: as the port's own client."})
    static final class Detach extends SwitchCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The port id, e.g. #7 or 7.")
        String id;

        @Parameters(index = "1", paramLabel = "SECRET", arity = "0..1", description = "The port's secret in hex (optional).")
        String secret;

        @Override
        public Integer call() {
            int portId;
            try {
                portId = Integer.parseUnsignedInt(id.startsWith("#") ? id.substring(1) : id);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ID: '" + id + "' is not a port id (e.g. #7)");
            }
            if (secret == null) {
                connection.call(stub -> stub.removePort(RemovePortRequest.newBuilder().setPortId(portId).build()));
            } else {
                long key;
                try {
                    key = Long.parseUnsignedLong(secret.startsWith("0x") ? secret.substring(2) : secret, 16);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("SECRET: '" + secret + "' is not a hex number");
                }
                connection.call(stub -> stub.detach(DetachRequest.newBuilder().setPortId(portId).setSecret(key).build()));
            }
            out().println("detached port #" + Integer.toUnsignedString(portId));
            return 0;
        }
    }
}
