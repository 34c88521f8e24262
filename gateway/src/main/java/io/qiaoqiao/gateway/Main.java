package io.qiaoqiao.gateway;

import io.qiaoqiao.gateway.config.Config;
import io.qiaoqiao.gateway.roster.RosterImportCommand;
import io.qiaoqiao.gateway.store.DatabaseTarget;
import io.qiaoqiao.gateway.store.Migrations;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar qiaoqiao-gateway.jar [run|demo|import-roster|help] [--config FILE] ...}
 */
public final class Main {
    private static final String USAGE = """
            Qiaoqiao hotline gateway

              run            [--config FILE]   start the gateway (default)
              demo           [--config FILE]   start on the embedded database with the demo roster and a
                                               SIMULATED SMSC, play one request end to end, keep running
              import-roster  [--config FILE] [--groups F] [--volunteers F] [--residents F] [--family F]
                                               import roster CSV files (all or nothing)
              help                             this text

            Configuration: defaults < --config FILE (or QIAOQIAO_CONFIG) < QIAOQIAO_* environment variables.
            """;

    private Main() {
    }

    public static void main(String[] argv) throws Exception {
        List<String> args = new ArrayList<>(List.of(argv));
        String command = args.isEmpty() || args.get(0).startsWith("--") ? "run" : args.remove(0);
        // The demo, and the embedded database of a build's `run` without db.url, come from the
        // demo kit beside the jar; a production install has none and says so below.
        if (DemoKit.find().isEmpty() && (command.equals("demo") || command.equals("run") || command.equals("import-roster"))) {
            var kit = DemoKit.besideThisJar();
            if (kit.isPresent()) {
                DemoKit.relaunchWithKit(kit.get(), argv);
                return;
            }
        }
        Config config;
        try {
            config = Config.load(configFile(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        switch (command) {
            case "run" -> runUntilStopped(startOrExit(config)::stop);
            case "demo" -> {
                DemoKit kit = DemoKit.find().orElse(null);
                if (kit == null) {
                    System.err.println("the demo is not part of this installation: it comes with the demo kit, "
                            + "qiaoqiao-demo.jar beside the gateway jar (the build puts it in gateway/target/)");
                    System.exit(2);
                }
                AutoCloseable demo = null;
                try {
                    demo = kit.start(config);
                } catch (Exception e) {
                    System.err.println("demo failed: " + e.getMessage());
                    System.exit(1);
                }
                AutoCloseable running = demo;
                runUntilStopped(() -> {
                    try {
                        running.close();
                    } catch (Exception e) {
                        System.err.println("demo did not stop cleanly: " + e.getMessage());
                    }
                });
            }
            case "import-roster" -> System.exit(importRoster(config, args));
            case "help", "--help", "-h" -> System.out.print(USAGE);
            default -> {
                System.err.println("unknown command '" + command + "'\n\n" + USAGE);
                System.exit(2);
            }
        }
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

    private static Path configFile(List<String> args) {
        int i = args.indexOf("--config");
        if (i >= 0) {
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("--config needs a file name");
            }
            Path file = Path.of(args.get(i + 1));
            args.remove(i + 1);
            args.remove(i);
            return file;
        }
        String fromEnv = System.getenv("QIAOQIAO_CONFIG");
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
    }

    private static int importRoster(Config config, List<String> args) {
        Vertx vertx = Vertx.vertx();
        try (DatabaseTarget database = DatabaseTarget.open(config)) {
            Pool pool = PgBuilder.pool().connectingTo(database.connectOptions()).using(vertx).build();
            Gateway.await(Migrations.apply(pool));
            return RosterImportCommand.run(args, config, pool);
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
