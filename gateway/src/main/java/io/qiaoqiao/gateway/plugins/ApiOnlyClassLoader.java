package io.qiaoqiao.gateway.plugins;

/**
 * The parent of every plugin's class loader: it exposes the plugin API (taken from the
 * gateway, so plugin and gateway share one {@code QiaoqiaoPlugin} class) and the JDK, and
 * nothing else. A plugin that refers to a gateway or library class fails to load with a
 * {@link NoClassDefFoundError} naming it, instead of quietly coupling itself to internals.
 */
final class ApiOnlyClassLoader extends ClassLoader {
    static final String API_PACKAGE = "io.qiaoqiao.plugin.api.";

    private final ClassLoader gateway;

    ApiOnlyClassLoader(ClassLoader gateway) {
        super("qiaoqiao-plugin-api", ClassLoader.getPlatformClassLoader());
        this.gateway = gateway;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (name.startsWith(API_PACKAGE)) {
            return gateway.loadClass(name);
        }
        throw new ClassNotFoundException(name + " is not visible to plugins: they see io.qiaoqiao.plugin.api and the JDK only");
    }
}
