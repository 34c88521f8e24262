package io.qiaoqiao.gateway.plugins;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kill -HUP <pid>} re-reads what can change while the gateway runs (the plugins, the API
 * token file), as daemons conventionally re-read their configuration. Uses {@code sun.misc.Signal}
 * from the {@code jdk.unsupported} module, which every mainstream JDK ships; it is looked up
 * reflectively so a JVM without it (or one started with {@code -Xrs}, which reserves the signals)
 * still runs, just without SIGHUP: the HTTP reload works everywhere. A process started with
 * SIGHUP ignored ({@code nohup}) gets no handler from the JVM, and is told so at start.
 *
 * <p>The JVM has one handler per signal: it is installed once and runs every action registered
 * with {@link #onHangup}, one after the other on one virtual thread per signal (each action
 * decides itself whether it coalesces; the plugin reload does).
 */
public final class SighupReload {
    private static final Logger log = LoggerFactory.getLogger(SighupReload.class);
    private static final Map<Object, Runnable> ACTIONS = new ConcurrentHashMap<>();
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static volatile boolean available;

    private SighupReload() {
    }

    /** Something SIGHUP does until {@link #close()}d (a stopped gateway's actions must not run). */
    public static final class Registration implements AutoCloseable {
        private Registration() {
        }

        @Override
        public void close() {
            ACTIONS.remove(this);
        }
    }

    /** SIGHUP reloads the plugins; @return whether SIGHUP works on this JVM */
    public static boolean install(PluginRegistry registry) {
        reloadPlugins(registry);
        return available;
    }

    /** SIGHUP reloads the plugins, coalesced with any reload already asked for, until the registration is closed. */
    public static Registration reloadPlugins(PluginRegistry registry) {
        return onHangup("plugins", () -> {
            PluginRegistry.Reload r = registry.requestReload().join();
            log.info("SIGHUP: {}", r.applied() ? r.message() : "rejected, running plugins kept: " + r.message());
        });
    }

    /** Runs {@code action} on every SIGHUP from now on; {@code what} names it in the log when it fails. */
    public static Registration onHangup(String what, Runnable action) {
        Registration registration = new Registration();
        ACTIONS.put(registration, () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("SIGHUP: reloading {} failed: {}", what, e.toString());
            }
        });
        if (INSTALLED.compareAndSet(false, true)) {
            available = installHandler();
        }
        return registration;
    }

    private static boolean installHandler() {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
            InvocationHandler onSignal = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    Thread.ofVirtual().name("sighup-reload").start(() -> ACTIONS.values().forEach(Runnable::run));
                    return null;
                }
                return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                        : method.getName().equals("equals") ? proxy == args[0] : "sighup-reload";
            };
            Object handler = Proxy.newProxyInstance(SighupReload.class.getClassLoader(), new Class<?>[] {handlerClass}, onSignal);
            Object before = signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            if (before == handlerClass.getField("SIG_IGN").get(null)) {
                // A process that ignores SIGHUP (started under nohup, or by a shell or supervisor that
                // ignores it) passes that on to the JVM, which then installs no handler: kill -HUP would
                // do nothing, so say so instead of promising a reload.
                log.warn("SIGHUP is ignored by this process (started under nohup?): kill -HUP {} reloads nothing;"
                        + " use POST /api/plugins/reload (the token file is still re-read when it changes), or start"
                        + " the gateway without nohup", ProcessHandle.current().pid());
                return false;
            }
            log.info("kill -HUP {} reloads the plugins and the API token file", ProcessHandle.current().pid());
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("SIGHUP reload not available on this JVM ({}); use POST /api/plugins/reload", e.toString());
            return false;
        }
    }
}
