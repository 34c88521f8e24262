package io.qiaoqiao.gateway.roster;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The demo kit's fictional roster of 桥头村 (tools/demo, on the test class path): for tests.
 * Every name is made up and every phone number is in the
 * unassigned +86 139 0000 xxxx range.
 */
public final class DemoRoster {
    private static final String ROOT = "/demo/roster/";

    private DemoRoster() {
    }

    /** The four demo files as bytes, by kind. */
    public static Map<RosterKind, byte[]> files() {
        Map<RosterKind, byte[]> files = new EnumMap<>(RosterKind.class);
        for (RosterKind kind : RosterKind.values()) {
            String path = ROOT + kind.id() + ".csv";
            try (InputStream in = DemoRoster.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("missing class path resource " + path);
                }
                files.put(kind, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
        return files;
    }

    /** Imports (or re-imports: nothing changes the second time) the demo roster. */
    public static Future<ImportReport> importWith(RosterImporter importer) {
        return importer.importFiles(files());
    }
}
