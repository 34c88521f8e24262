package io.qiaoqiao.gateway.roster;

import io.qiaoqiao.gateway.config.Config;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code import-roster [--groups FILE] [--volunteers FILE] [--residents FILE] [--family FILE]}:
 * imports roster CSV files in one transaction and prints what changed, or every bad row with its
 * file and line. Exit code 0 when
 * imported, 1 otherwise. Blocks until done: call it from {@code main}, never on an event loop.
 */
public final class RosterImportCommand {
    public static final String NAME = "import-roster";
    private static final long TIMEOUT_MINUTES = 10;

    private RosterImportCommand() {
    }

    /** Runs with {@code args} (with or without the leading command name), printing to stdout and stderr. */
    public static int run(List<String> args, Config config, Pool pool) {
        return run(args, config, pool, System.out, System.err);
    }

    /**
     * @param config the gateway configuration; the import needs nothing from it yet, it is taken
     *               so every command of {@code Main} has the same shape
     */
    public static int run(List<String> args, Config config, Pool pool, PrintStream out, PrintStream err) {
        List<String> rest = !args.isEmpty() && args.getFirst().equals(NAME) ? args.subList(1, args.size()) : args;
        Map<RosterKind, byte[]> files = new EnumMap<>(RosterKind.class);
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            Optional<RosterKind> kind = arg.startsWith("--") ? RosterKind.fromId(arg.substring(2)) : Optional.empty();
            if (kind.isPresent() && i + 1 < rest.size()) {
                Path file = Path.of(rest.get(++i));
                try {
                    files.put(kind.get(), Files.readAllBytes(file));
                } catch (IOException e) {
                    err.println("cannot read " + file + ": " + e.getMessage());
                    return 1;
                }
            } else {
                err.println((arg.equals("--help") ? "" : "unexpected argument: " + arg + "\n") + usage());
                return 1;
            }
        }
        if (files.isEmpty()) {
            err.println(usage());
            return 1;
        }
        Future<ImportReport> importing = new RosterImporter(pool).importFiles(files);
        ImportReport report;
        try {
            report = importing.toCompletionStage().toCompletableFuture().get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (Exception e) {
            err.println("the import failed, nothing was imported: " + (e.getCause() != null ? e.getCause().getMessage() : e));
            return 1;
        }
        (report.ok() ? out : err).print(report.describe());
        return report.ok() ? 0 : 1;
    }

    static String usage() {
        return "usage: " + NAME + " [--groups FILE] [--volunteers FILE] [--residents FILE] [--family FILE]\n"
                + "Files are UTF-8 CSV with a header row; columns as in the demo roster's README.md. All files are imported\n"
                + "in one transaction, in the order groups, volunteers, residents, family; one bad row\n"
                + "anywhere and nothing is imported.";
    }
}
