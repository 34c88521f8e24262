package io.qiaoqiao.gateway.voice;

import io.qiaoqiao.gateway.config.Config;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may open a FastAGI connection, and how much one gets. A FastAGI header names the script
 * and its parameters ({@code rating?ticket=4321}) and the caller's number, and the gateway
 * believes it: anyone who reached the port could rate any ticket over the sequential codes or act
 * as a volunteer. So only the Asterisk servers in {@code agi.allowed-peers} (addresses or CIDR
 * ranges; loopback by default) are served, at most {@code agi.max-connections} at once, and the
 * whole header must arrive within {@code agi.header-timeout-ms} (Asterisk writes it at once; a
 * peer that trickles it one byte at a time is holding a connection, not placing a call).
 */
public record AgiGate(List<Range> allowedPeers, int maxConnections, Duration headerTimeout) {
    /** Loopback only: an Asterisk on the same host. */
    public static final String LOOPBACK = "127.0.0.0/8,::1";

    public AgiGate {
        allowedPeers = List.copyOf(allowedPeers);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("agi.max-connections must be at least 1, got " + maxConnections);
        }
    }

    public static AgiGate from(Config config) {
        return new AgiGate(ranges(config.list("agi.allowed-peers")), config.integer("agi.max-connections"),
                Duration.ofMillis(config.integer("agi.header-timeout-ms")));
    }

    /** Whether a connection from {@code peer} is served. */
    public boolean allows(InetAddress peer) {
        return allowedPeers.stream().anyMatch(r -> r.contains(peer));
    }

    /** Parses {@code 10.0.0.5}, {@code 10.0.0.0/24}, {@code ::1}, {@code fd00::/8}; names are not looked up. */
    static List<Range> ranges(List<String> items) {
        List<Range> out = new ArrayList<>();
        for (String item : items) {
            out.add(Range.parse(item));
        }
        return out;
    }

    /** An address and how many of its leading bits a peer must share with it. */
    public record Range(byte[] network, int prefixBits) {
        static Range parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            if (!address.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                throw new IllegalArgumentException("agi.allowed-peers: '" + text + "' is not an IP address or range (no host names)");
            }
            byte[] network;
            try {
                network = InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("agi.allowed-peers: '" + text + "' is not an IP address", e);
            }
            int bits = network.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("agi.allowed-peers: the prefix of '" + text + "' must be 0 to " + bits);
                }
            }
            return new Range(network, prefix);
        }

        boolean contains(InetAddress peer) {
            byte[] candidate = peer.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }
}
