package io.qiaoqiao.gateway.testing;

import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between gateways and the test PostgreSQL that can take the database away: {@link
 * #begin()} cuts every connection at once and refuses new ones (each is accepted and closed
 * before the server says a word) until {@link #end()}. What a gateway sees is what it sees while
 * PostgreSQL restarts: statements in flight fail, commits sent may or may not have landed, new
 * connections fail, then everything connects again. The shared test server itself never stops,
 * so the other tests of the JVM are not touched.
 *
 * <p>{@link #freeze()} is the other way a database goes away: every connection stays open and
 * nothing comes back (what a gateway sees of a PostgreSQL stopped with SIGSTOP, or a paused VM:
 * the kernel still takes every byte, the server answers none), until {@link #thaw()}.
 */
public final class DatabaseOutage implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean down;
    private final java.util.concurrent.locks.ReentrantLock frozenLock = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition thawed = frozenLock.newCondition();
    private boolean frozen;

    /** A relay to the shared test server, listening on a free loopback port. */
    public DatabaseOutage() throws IOException {
        this.targetHost = TestPostgres.server().host();
        this.targetPort = TestPostgres.server().port();
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("database-relay-accept").start(this::acceptLoop);
    }

    /** How to reach {@code database} through this relay. */
    public PgConnectOptions through(PgConnectOptions database) {
        return new PgConnectOptions(database).setHost("127.0.0.1").setPort(listener.getLocalPort());
    }

    /** The {@code db.url} of {@code database} through this relay. */
    public String url(PgConnectOptions database) {
        return TestPostgres.url(through(database));
    }

    /** The database goes away: every connection is cut now, and new ones are refused. */
    public void begin() {
        down = true;
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    /** The database is back: new connections reach it again. */
    public void end() {
        down = false;
    }

    /** The database freezes: connections stay open, bytes sent to it (or from it) are held, not passed on. */
    public void freeze() {
        frozenLock.lock();
        try {
            frozen = true;
        } finally {
            frozenLock.unlock();
        }
    }

    /** The frozen database wakes: what was held goes on, in order. */
    public void thaw() {
        frozenLock.lock();
        try {
            frozen = false;
            thawed.signalAll();
        } finally {
            frozenLock.unlock();
        }
    }

    private void whileFrozen() throws java.io.InterruptedIOException {
        frozenLock.lock();
        try {
            while (frozen) {
                thawed.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("relay interrupted while frozen");
        } finally {
            frozenLock.unlock();
        }
    }

    public boolean down() {
        return down;
    }

    @Override
    public void close() {
        thaw();
        closeQuietly(listener);
        begin();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (down) {
                closeQuietly(client);
                continue;
            }
            Thread.ofVirtual().name("database-relay").start(() -> relay(client));
        }
    }

    private void relay(Socket client) {
        Socket server;
        try {
            server = new Socket(targetHost, targetPort);
            server.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        open.add(client);
        open.add(server);
        if (down) {
            begin();
        }
        Thread.ofVirtual().name("database-relay-up").start(() -> pump(client, server));
        pump(server, client);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                whileFrozen();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // cut, or the other side closed: close both ends below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
