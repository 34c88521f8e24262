package io.qiaoqiao.gateway.plugins;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kill -HUP <pid>} reloads the plugins, as daemons conventionally re-read their
 * configuration. Uses {@code sun.misc.Signal} from the {@code jdk.unsupported} module, which
 * every mainstream JDK ships; it is looked up reflectively so a JVM without it (or one started
 * with {@code -Xrs}, which reserves the signals) still runs, just without SIGHUP: the HTTP
 * reload works everywhere.
 */
public final class SighupReload {
    private static final Logger log = LoggerFactory.getLogger(SighupReload.class);

    private SighupReload() {
    }

    /** @return whether the handler was installed */
    public static boolean install(PluginRegistry registry) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
            InvocationHandler onSignal = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    Thread.ofPlatform().name("sighup-reload").start(() -> {
                        PluginRegistry.Reload r = registry.reload();
                        log.info("SIGHUP: {}", r.applied() ? r.message() : "rejected, running plugins kept: " + r.message());
                    });
                    return null;
                }
                return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                        : method.getName().equals("equals") ? proxy == args[0] : "sighup-reload";
            };
            Object handler = Proxy.newProxyInstance(SighupReload.class.getClassLoader(), new Class<?>[] {handlerClass}, onSignal);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            log.info("kill -HUP {} reloads the plugins", ProcessHandle.current().pid());
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("SIGHUP reload not available on this JVM ({}); use POST /api/plugins/reload", e.toString());
            return false;
        }
    }
}
