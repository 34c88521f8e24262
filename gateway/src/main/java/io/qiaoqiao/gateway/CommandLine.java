package io.qiaoqiao.gateway;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line, checked before anything starts: a command, {@code --config FILE} where the
 * command reads the configuration, and the command's own options. A misspelt flag or a stray
 * argument is an error ({@code run --confg x} must not start a gateway on the defaults).
 *
 * @param command the command; {@code run} when none is given
 * @param config  the {@code --config} file, if given
 * @param rest    the command's own options, in order (import-roster's files, add-operator's name and scopes)
 */
record CommandLine(String command, Optional<Path> config, List<String> rest) {
    /** Options that take a value, by command; {@code --config} is allowed wherever a configuration is read. */
    private static final Map<String, Set<String>> VALUED = Map.of(
            "run", Set.of(), "demo", Set.of(), "check-config", Set.of(),
            "import-roster", Set.of("--groups", "--volunteers", "--residents", "--family"),
            "add-operator", Set.of("--name", "--scopes", "--password-file"));
    /** Options without a value, by command. */
    private static final Map<String, Set<String>> FLAGS = Map.of("import-roster", Set.of("--demo"));
    private static final Set<String> NO_ARGUMENTS = Set.of("help", "--help", "-h", "version", "--version");

    /** A command line that cannot be run; the message says why. */
    static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    static CommandLine parse(String[] argv) throws UsageError {
        List<String> args = List.of(argv);
        String command = args.isEmpty() || args.getFirst().startsWith("-") && !NO_ARGUMENTS.contains(args.getFirst())
                ? "run" : args.getFirst();
        List<String> tail = args.isEmpty() || !command.equals(args.getFirst()) ? args : args.subList(1, args.size());
        if (NO_ARGUMENTS.contains(command)) {
            if (!tail.isEmpty()) {
                throw new UsageError("'" + command + "' takes no arguments, got " + tail);
            }
            return new CommandLine(command, Optional.empty(), List.of());
        }
        if (!VALUED.containsKey(command)) {
            throw new UsageError("unknown command '" + command + "'");
        }
        Set<String> valued = VALUED.get(command);
        Set<String> flags = FLAGS.getOrDefault(command, Set.of());
        Optional<Path> config = Optional.empty();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < tail.size(); i++) {
            String arg = tail.get(i);
            boolean takesValue = arg.equals("--config") || valued.contains(arg);
            if (takesValue && (i + 1 >= tail.size() || tail.get(i + 1).startsWith("--"))) {
                throw new UsageError(arg + (arg.equals("--name") || arg.equals("--scopes") ? " needs a value" : " needs a file name"));
            }
            if (arg.equals("--config")) {
                if (config.isPresent()) {
                    throw new UsageError("--config given twice");
                }
                config = Optional.of(Path.of(tail.get(++i)));
            } else if (takesValue) {
                rest.add(arg);
                rest.add(tail.get(++i));
            } else if (flags.contains(arg)) {
                rest.add(arg);
            } else {
                throw new UsageError((arg.startsWith("-") ? "unknown option '" : "unexpected argument '") + arg
                        + "' for " + command);
            }
        }
        return new CommandLine(command, config, List.copyOf(rest));
    }
}
