package io.qiaoqiao.gateway.plugins;

import io.qiaoqiao.plugin.api.QiaoqiaoPlugin;

/**
 * A plugin whose jar loaded and whose SPI version matches.
 *
 * @param plugin  the entry point, loaded in the jar's own class loader
 * @param source  the jar (or directory) it came from
 * @param builtin shipped inside the gateway jar
 */
public record LoadedPlugin(QiaoqiaoPlugin plugin, String source, boolean builtin) {
    public String id() {
        return plugin.id();
    }
}
