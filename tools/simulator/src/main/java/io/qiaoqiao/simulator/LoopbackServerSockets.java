package io.qiaoqiao.simulator;

import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.SocketConnection;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server sockets for the simulated SMSC: loopback only (a demo must not open a port to the
 * village network), port 0 allowed, and every accepted socket kept so that a dead link can be
 * simulated by closing it without an unbind.
 */
final class LoopbackServerSockets implements ServerConnectionFactory {
    private final Set<Socket> accepted = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket serverSocket;

    int localPort() {
        return serverSocket.getLocalPort();
    }

    @Override
    public ServerConnection listen(int port) throws IOException {
        return listen(port, 0, 50);
    }

    @Override
    public ServerConnection listen(int port, int timeout) throws IOException {
        return listen(port, timeout, 50);
    }

    @Override
    public ServerConnection listen(int port, int timeout, int backlog) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
        socket.setSoTimeout(timeout);
        serverSocket = socket;
        return new ServerConnection() {
            @Override
            public Connection accept() throws IOException {
                Socket s = socket.accept();
                s.setTcpNoDelay(true); // small PDUs both ways: no waiting for delayed ACKs
                accepted.add(s);
                return new SocketConnection(s);
            }

            @Override
            public void setSoTimeout(int millis) throws IOException {
                socket.setSoTimeout(millis);
            }

            @Override
            public int getSoTimeout() throws IOException {
                return socket.getSoTimeout();
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }

    /** Closes every accepted socket at once, as a cut cable would. */
    void closeAccepted() {
        for (Socket s : accepted) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone: that is what we wanted
            }
        }
        accepted.clear();
    }
}
