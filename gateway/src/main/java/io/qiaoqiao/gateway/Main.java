package io.qiaoqiao.gateway;

import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.config.Keys;
import io.qiaoqiao.gateway.desk.AddOperatorCommand;
import io.qiaoqiao.gateway.roster.RosterImportCommand;
import io.qiaoqiao.gateway.store.DatabaseTarget;
import io.qiaoqiao.gateway.store.Migrations;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar qiaoqiao-gateway.jar [run|demo|import-roster|add-operator|check-config|help|--version] [--config FILE] ...}
 *
 * <p>Exit codes: 0 done (or, for {@code run} and {@code demo}, stopped); 1 the command failed
 * (the gateway could not start, the import was refused); 2 the command line or the
 * configuration is invalid.
 */
public final class Main {
    static final int USAGE_ERROR = 2;
    private static final String USAGE = """
            Qiaoqiao hotline gateway

              run            [--config FILE]   start the gateway (default)
              demo           [--config FILE]   start on the embedded database with the demo roster and a
                                               SIMULATED SMSC, play one request end to end, keep running
              import-roster  [--config FILE] [--groups F] [--volunteers F] [--residents F] [--family F]
                                               import roster CSV files (all or nothing)
              add-operator   [--config FILE] --name NAME --scopes SCOPES [--password-file F]
                                               create a desk account (password: first line of F or of
                                               standard input; scopes as in api.tokens, e.g. '*')
              check-config   [--config FILE]   print the effective configuration (secrets masked) and
                                               where each value came from; exit 2 if any value is invalid
              help                             this text
              --version                        the version and source revision of this build

            Configuration: defaults < --config FILE (or QIAOQIAO_CONFIG) < QIAOQIAO_* environment variables.
            """;

    private Main() {
    }

    public static void main(String[] argv) throws Exception {
        CommandLine line;
        Config config;
        try {
            line = CommandLine.parse(argv);
        } catch (CommandLine.UsageError e) {
            System.err.print(e.getMessage() + "\n\n" + USAGE);
            System.exit(USAGE_ERROR);
            return;
        }
        // The demo, and the embedded database of a build's `run` without db.url, come from the
        // demo kit beside the jar; a production install has none and says so below.
        if (DemoKit.find().isEmpty() && Set.of("demo", "run", "import-roster", "add-operator").contains(line.command())) {
            var kit = DemoKit.besideThisJar();
            if (kit.isPresent()) {
                DemoKit.relaunchWithKit(kit.get(), argv);
                return;
            }
        }
        switch (line.command()) {
            case "help", "--help", "-h", "version", "--version", "check-config" ->
                    System.exit(run(argv, System.getenv(), System.out, System.err));
            default -> {
            }
        }
        try {
            config = load(line, System.getenv()).requireValid();
        } catch (IllegalArgumentException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(USAGE_ERROR);
            return;
        }
        switch (line.command()) {
            case "run" -> runUntilStopped(startOrExit(config)::stop);
            case "demo" -> runDemo(config);
            case "import-roster" -> System.exit(importRoster(config, line.rest()));
            case "add-operator" -> System.exit(addOperator(config, line.rest()));
            default -> throw new IllegalStateException("no handler for " + line.command());
        }
    }

    /**
     * The commands that answer and end, in-process: {@code help}, {@code --version},
     * {@code check-config}, and any command line that is refused. Returns the exit code.
     */
    static int run(String[] argv, Map<String, String> env, PrintStream out, PrintStream err) {
        CommandLine line;
        try {
            line = CommandLine.parse(argv);
        } catch (CommandLine.UsageError e) {
            err.print(e.getMessage() + "\n\n" + USAGE);
            return USAGE_ERROR;
        }
        switch (line.command()) {
            case "help", "--help", "-h" -> {
                out.print(USAGE);
                return 0;
            }
            case "version", "--version" -> {
                out.println(BuildInfo.current().describe());
                return 0;
            }
            case "check-config" -> {
                Config config;
                try {
                    config = load(line, env);
                } catch (IllegalArgumentException e) {
                    err.println("configuration error: " + e.getMessage());
                    return USAGE_ERROR;
                }
                return CheckConfig.run(config, out);
            }
            default -> throw new IllegalArgumentException(line.command() + " does not end by itself: call main");
        }
    }

    private static Config load(CommandLine line, Map<String, String> env) {
        Path file = line.config().orElseGet(() -> {
            String fromEnv = env.get(Keys.CONFIG_FILE_ENV);
            return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
        });
        return Config.load(file, env);
    }

    private static void runDemo(Config config) throws InterruptedException {
        DemoKit kit = DemoKit.find().orElse(null);
        if (kit == null) {
            System.err.println("the demo is not part of this installation: it comes with the demo kit, "
                    + "qiaoqiao-demo.jar beside the gateway jar (the build puts it in gateway/target/)");
            System.exit(USAGE_ERROR);
            return;
        }
        AutoCloseable demo;
        try {
            demo = kit.start(config);
        } catch (Exception e) {
            System.err.println("demo failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        runUntilStopped(() -> {
            try {
                demo.close();
            } catch (Exception e) {
                System.err.println("demo did not stop cleanly: " + e.getMessage());
            }
        });
    }

    private static Gateway startOrExit(Config config) {
        try {
            return Gateway.start(config);
        } catch (RuntimeException e) {
            System.err.println("the gateway could not start: " + e.getMessage());
            System.exit(1);
            return null;
        }
    }

    private static int importRoster(Config config, List<String> args) {
        return withDatabase(config, pool -> RosterImportCommand.run(args, config, pool));
    }

    private static int addOperator(Config config, List<String> args) {
        return withDatabase(config, pool -> AddOperatorCommand.run(args, pool, System.in, System.out, System.err));
    }

    /** Runs a command on the configured database, its schema brought up to date first. */
    private static int withDatabase(Config config, java.util.function.ToIntFunction<Pool> command) {
        Vertx vertx = Vertx.vertx();
        try (DatabaseTarget database = DatabaseTarget.open(config)) {
            Pool pool = PgBuilder.pool().connectingTo(database.connectOptions()).using(vertx).build();
            Gateway.await(Migrations.apply(pool));
            return command.applyAsInt(pool);
        } finally {
            vertx.close();
        }
    }

    private static void runUntilStopped(Runnable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
