package io.qiaoqiao.gateway;

import io.qiaoqiao.gateway.config.Config;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The demo mode, which lives in the demo kit ({@code qiaoqiao-demo.jar}: the demo, the simulated
 * SMSC and the embedded PostgreSQL) rather than in the product. The build leaves the kit beside
 * the gateway jar; a production installation has the gateway jar alone and so carries no demo
 * code. When a command needs the kit and it is not on the class path, {@link #relaunchWithKit}
 * runs the command again in a class loader that holds both jars — not a manifest Class-Path,
 * which would put the kit (and a second copy of the database binaries) on every class path that
 * names the gateway jar, the benchmark's included.
 */
public interface DemoKit {
    String JAR_NAME = "qiaoqiao-demo.jar";

    /** Starts the demo and plays its scenario; closing the returned handle stops it. Blocks. */
    AutoCloseable start(Config config) throws Exception;

    /** The demo kit on the class path, if there is one. */
    static Optional<DemoKit> find() {
        return ServiceLoader.load(DemoKit.class, DemoKit.class.getClassLoader()).findFirst();
    }

    /** {@value #JAR_NAME} beside the jar this class was loaded from, if it is there. */
    static Optional<Path> besideThisJar() {
        try {
            URL location = DemoKit.class.getProtectionDomain().getCodeSource().getLocation();
            Path self = Path.of(location.toURI());
            Path kit = self.resolveSibling(JAR_NAME);
            return Files.isRegularFile(self) && Files.isRegularFile(kit) ? Optional.of(kit) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs {@code Main.main(argv)} again in a class loader over this jar and the kit, with the
     * platform class loader as parent, so that every class (Vert.x, the gateway, the kit) comes
     * from that one loader. Returns when that {@code main} returns.
     */
    static void relaunchWithKit(Path kit, String[] argv) throws Exception {
        URL self = DemoKit.class.getProtectionDomain().getCodeSource().getLocation();
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("qiaoqiao-with-demo-kit", new URL[]{self, kit.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException("cannot read the demo kit " + kit, e);
        }
        Thread.currentThread().setContextClassLoader(loader);
        try {
            loader.loadClass(Main.class.getName()).getMethod("main", String[].class).invoke(null, (Object) argv);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
