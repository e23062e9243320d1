package io.vnetif.examples;

import io.vnetif.client.VnetifException;
import java.util.List;
import java.util.function.Function;

/**
 * How the examples' {@code main} methods meet a person at a terminal: {@code --help} prints the usage, arguments
 * that do not fit and a switch that is unreachable or refuses are one line on stderr (exit 2 and 1), not a stack
 * trace. The docs tell readers to run these jars by hand, so their first failure is usually one of these.
 */
final class ExampleMain {
    /** An example's work, given its arguments (already checked). */
    interface Body {
        void run(String[] args) throws Exception;
    }

    private ExampleMain() {
    }

    /**
     * Runs {@code body} unless {@code args} ask for help or do not fit.
     *
     * @param name  what the error lines start with
     * @param usage what {@code --help} prints
     * @param check null when the arguments fit, else what is wrong with them (the line ends with "see --help")
     */
    static void run(String name, String usage, String[] args, Function<String[], String> check, Body body) throws Exception {
        List<String> given = List.of(args);
        if (given.contains("-h") || given.contains("--help")) {
            System.out.println(usage);
            return;
        }
        String problem = check.apply(args);
        if (problem != null) {
            exit(2, name + ": " + problem + "; see --help");
        }
        try {
            body.run(args);
        } catch (IllegalArgumentException e) {
            exit(2, name + ": " + e.getMessage() + "; see --help");
        } catch (VnetifException | IllegalStateException e) {
            exit(1, name + ": " + e.getMessage());
        }
    }

    /** Whether {@code word} is a whole number an example can count with. */
    static boolean isCount(String word) {
        return word.matches("\\d{1,9}");
    }

    private static void exit(int code, String line) {
        System.err.println(line);
        System.exit(code);
    }
}
