package io.vnetif.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The help texts quoted in docs/cli.md#commands and docs/switch.md#flags are what the programs print: each
 * command's {@code --help}, rendered here at a fixed width so that no terminal changes it, must be a ```text block
 * of its page, verbatim (trailing spaces aside), and every such block must belong to a command that exists.
 *
 * <p>After changing a flag or a description, rewrite the blocks with
 * {@code mvn -B -pl cli -am test -Dtest=HelpDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Dvnetif.docs.rewrite=true};
 * a new command also needs a heading and a block starting with its {@code Usage:} line first.
 */
class HelpDocsTest {
    /** The {@code vnetif} command; if the class moves, this line moves with it. */
    static final Class<?> VNETIF = io.vnetif.cli.VnetifCli.class;
    /** The switch's {@code java -jar vnetif-switch.jar}; if the class moves, this line moves with it. */
    static final Class<?> VNETIF_SWITCH = io.vnetif.server.SwitchMain.class;
    /** picocli's own default width, so that the docs show what a user sees where nothing says otherwise. */
    static final int WIDTH = 80;

    private static final Path DOCS = Path.of(System.getProperty("vnetif.docs", "../docs")).toAbsolutePath().normalize();
    private static final boolean REWRITE = Boolean.getBoolean("vnetif.docs.rewrite");

    @Test
    void cliMdQuotesTheHelpOfEveryVnetifCommand() throws IOException {
        check(DOCS.resolve("cli.md"), VNETIF);
    }

    @Test
    void switchMdQuotesTheSwitchsHelp() throws IOException {
        check(DOCS.resolve("switch.md"), VNETIF_SWITCH);
    }

    /** Every command of {@code program} (its subcommands too, picocli's {@code help} aside) and its help text. */
    static Map<String, String> helpTexts(Class<?> program) {
        CommandLine root = new CommandLine(program);
        root.setUsageHelpAutoWidth(false);
        root.setUsageHelpWidth(WIDTH);
        Map<String, String> help = new LinkedHashMap<>();
        collect(root, help, new IdentityHashMap<>());
        return help;
    }

    private static void collect(CommandLine cmd, Map<String, String> help, Map<CommandLine, Boolean> seen) {
        if (seen.put(cmd, true) != null || cmd.getCommand() instanceof CommandLine.HelpCommand) {
            return;
        }
        help.put(cmd.getCommandSpec().qualifiedName(), normalize(cmd.getUsageMessage(CommandLine.Help.Ansi.OFF)));
        cmd.getSubcommands().values().forEach(sub -> collect(sub, help, seen));
    }

    /** Without trailing spaces and trailing newlines, which Markdown editors drop. */
    static String normalize(String text) {
        return text.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).stripTrailing();
    }

    private static void check(Path page, Class<?> program) throws IOException {
        Map<String, String> expected = helpTexts(program);
        List<String> lines = new ArrayList<>(Files.readAllLines(page));
        List<Block> blocks = helpBlocks(lines, expected.keySet());
        List<String> problems = new ArrayList<>();
        Map<String, Block> byCommand = new LinkedHashMap<>();
        for (Block b : blocks) {
            if (b.command == null) {
                problems.add(page.getFileName() + ":" + (b.start + 1) + ": a help block of no command that exists: " + lines.get(b.start + 1));
            } else if (byCommand.putIfAbsent(b.command, b) != null) {
                problems.add(page.getFileName() + ":" + (b.start + 1) + ": a second help block of '" + b.command + "'");
            }
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Block b = byCommand.get(e.getKey());
            if (b == null) {
                problems.add(page.getFileName() + ": no ```text block with the help of '" + e.getKey() + "'; add a heading and this block:\n"
                        + "```text\n" + e.getValue() + "\n```");
            } else if (!normalize(String.join("\n", lines.subList(b.start + 1, b.end))).equals(e.getValue())) {
                String[] quoted = normalize(String.join("\n", lines.subList(b.start + 1, b.end))).split("\n", -1);
                String[] now = e.getValue().split("\n", -1);
                int i = 0;
                while (i < quoted.length && i < now.length && quoted[i].equals(now[i])) {
                    i++;
                }
                problems.add(page.getFileName() + ":" + (b.start + 2 + i) + ": the block has\n    " + (i < quoted.length ? quoted[i] : "(nothing)")
                        + "\n  where the help of '" + e.getKey() + "' has\n    " + (i < now.length ? now[i] : "(nothing)")
                        + "\n  and the help is now:\n```text\n" + e.getValue() + "\n```");
                b.replacement = e.getValue();
            }
        }
        if (REWRITE && problems.stream().allMatch(p -> p.contains(" and the help is now:\n"))) {
            for (int i = blocks.size() - 1; i >= 0; i--) {
                Block b = blocks.get(i);
                if (b.replacement != null) {
                    lines.subList(b.start + 1, b.end).clear();
                    lines.addAll(b.start + 1, b.replacement.lines().collect(Collectors.toList()));
                }
            }
            Files.write(page, lines);
            return;
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " problem(s) with the help quoted in " + page + " (a block that only differs is rewritten by "
                    + "-Dvnetif.docs.rewrite=true):\n"
                    + String.join("\n", problems));
        }
        assertThat(byCommand).isNotEmpty();
    }

    /** A ```text block whose first line is {@code Usage: ...}: lines start (the fence) to end (the closing fence). */
    private static final class Block {
        final int start;
        final int end;
        final String command;
        String replacement;

        Block(int start, int end, String command) {
            this.start = start;
            this.end = end;
            this.command = command;
        }
    }

    /** The help blocks of a page, each with the longest command name its Usage line starts with. */
    private static List<Block> helpBlocks(List<String> lines, Iterable<String> commands) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```text") || i + 1 >= lines.size() || !lines.get(i + 1).startsWith("Usage: ")) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                end++;
            }
            String usage = lines.get(i + 1).substring("Usage: ".length());
            String command = null;
            for (String name : commands) {
                if ((usage.equals(name) || usage.startsWith(name + " ")) && (command == null || name.length() > command.length())) {
                    command = name;
                }
            }
            blocks.add(new Block(i, end, command));
            i = end;
        }
        return blocks;
    }
}
