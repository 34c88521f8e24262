package io.qiaoqiao.gateway.desk;

import io.qiaoqiao.gateway.http.ApiError;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code add-operator --name 张站长 --scopes '*' [--password-file FILE]}: creates a desk account,
 * the first one included (there is no other way in before one exists). The password is the first
 * line of the file, or of standard input; it is never an argument, which every user of the
 * machine could read in the process list. Scopes are those of API tokens, joined with {@code +}
 * or commas. Exit code 0 when created, 1 when refused (the name is taken, a scope is unknown,
 * the password is too short). Blocks: call it from {@code main}.
 */
public final class AddOperatorCommand {
    public static final String NAME = "add-operator";

    private AddOperatorCommand() {
    }

    /** @param args the command's options as {@code CommandLine} checked them: --name, --scopes, --password-file */
    public static int run(List<String> args, Pool pool, InputStream stdin, PrintStream out, PrintStream err) {
        String name = null;
        String scopes = null;
        Path passwordFile = null;
        for (int i = 0; i + 1 < args.size(); i += 2) {
            switch (args.get(i)) {
                case "--name" -> name = args.get(i + 1);
                case "--scopes" -> scopes = args.get(i + 1);
                case "--password-file" -> passwordFile = Path.of(args.get(i + 1));
                default -> {
                    err.println("unexpected option " + args.get(i));
                    return 1;
                }
            }
        }
        if (name == null || scopes == null) {
            err.println("add-operator needs --name and --scopes, e.g. add-operator --name 张站长 --scopes '*' < password.txt");
            return 1;
        }
        String password;
        try {
            password = firstLine(passwordFile == null ? stdin : Files.newInputStream(passwordFile));
        } catch (IOException e) {
            err.println("cannot read the password: " + e.getMessage());
            return 1;
        }
        if (password == null || password.isEmpty()) {
            err.println("no password: give it on the first line of standard input or of --password-file");
            return 1;
        }
        String[] refusal = PasswordHash.refusal(password);
        if (refusal != null) {
            err.println(refusal[1]);
            return 1;
        }
        List<String> scopeList = Arrays.stream(scopes.split("[+,]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        String hash = PasswordHash.hash(password);
        try {
            String accountName = OperatorAccounts.checkedName(name.strip());
            var created = await(pool.withTransaction(db -> OperatorAccounts.create(db, accountName, hash, scopeList, "command-line:" + NAME)));
            out.println("desk account " + created.getString("name") + " created (id " + created.getLong("id") + ", scopes "
                    + created.getJsonArray("scopes").encode() + "); sign in at /desk/");
            return 0;
        } catch (ApiError e) {
            err.println(e.getMessage());
            return 1;
        } catch (IllegalStateException e) {
            err.println(e.getCause() instanceof PgException pg && "23505".equals(pg.getSqlState())
                    ? "a desk account named " + name + " exists already" : "could not create the account: " + e.getMessage());
            return 1;
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            return line == null ? null : line.strip();
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ApiError api) {
                throw api;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }
}
