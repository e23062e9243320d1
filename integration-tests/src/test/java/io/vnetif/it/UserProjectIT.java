package io.vnetif.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vnetif.testing.Requirements;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * A user's first project, built outside the reactor the way the docs tell a user to make it: the whole
 * {@code pom.xml} of docs/testing.md#a-project-of-your-own (with the dependency block of README.md#depending-on-it
 * in it, and the documented dependency for {@code mode = PROCESS}), every Java block of the pages that is a
 * whole class (README.md#the-first-example, README.md#the-first-junit-test, TlsHello of
 * docs/security.md#exposing-the-switch-tls-and-a-token), and two tests of this class's own (no logging binding
 * comes with vnetif; a switch process forks from the user's class path). It is built with Maven against the
 * artifacts of this build, put into a local repository of its own as {@code mvn install} would; everything
 * else is copied on demand from the build's own local repository, so nothing is downloaded and ~/.m2 is not
 * written to. The user's class path must hold the versions vnetif is built and tested with.
 */
class UserProjectIT {
    private static final Path WORK = Path.of("target", "user-project").toAbsolutePath();
    private static final Path PROJECT = WORK.resolve("project");
    private static final Path REPOSITORY = WORK.resolve("repository");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern CLASS = Pattern.compile("^(?:public\\s+)?(?:final\\s+)?class\\s+(\\w+)", Pattern.MULTILINE);

    @Test
    void aProjectMadeFromTheDocsPassesItsTestsAgainstTheInstalledArtifacts() throws Exception {
        Path mvn = Path.of(System.getProperty("maven.home", "/nonexistent"), "bin", "mvn");
        Requirements.require(Files.isExecutable(mvn), "no Maven to build a user's project with (" + mvn + ", from -Dmaven.home)");
        Path outerRepository = Path.of(System.getProperty("vnetif.local.repository", System.getProperty("user.home") + "/.m2/repository"));

        Publication.deleteTree(PROJECT);
        Files.createDirectories(PROJECT.resolve("src/main/java"));
        Files.createDirectories(PROJECT.resolve("src/test/java"));
        Files.writeString(PROJECT.resolve("pom.xml"), pom());
        List<String> tests = new ArrayList<>();
        for (String source : documentedClasses()) {
            String name = className(source);
            boolean test = source.contains("@Test");
            Files.writeString(PROJECT.resolve(test ? "src/test/java" : "src/main/java").resolve(name + ".java"), source);
            if (test) {
                tests.add(name);
            }
        }
        assertThat(tests).as("the README's first JUnit test is a whole class").contains("HelloTest");
        for (String own : List.of("NoLoggingBindingTest", "ProcessModeTest")) {
            try (InputStream in = getClass().getResourceAsStream("/user-project/" + own + ".java")) {
                Files.write(PROJECT.resolve("src/test/java/" + own + ".java"), in.readAllBytes());
            }
            tests.add(own);
        }
        Publication.install(REPOSITORY);
        Files.writeString(WORK.resolve("settings.xml"), settings(outerRepository));

        Path log = WORK.resolve("build.log");
        Path classPath = WORK.resolve("test-class-path.txt");
        Process build = new ProcessBuilder(mvn.toString(), "-B", "-ntp", "-U", "-s", WORK.resolve("settings.xml").toString(), "test",
                "org.apache.maven.plugins:maven-dependency-plugin:" + System.getProperty("vnetif.dependency.plugin.version") + ":build-classpath",
                "-Dmdep.includeScope=test", "-Dmdep.outputFile=" + classPath)
                .directory(PROJECT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!build.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            build.destroyForcibly();
            fail("the user's project did not build within " + BUILD_TIMEOUT + ": " + tail(log));
        }
        assertThat(build.exitValue()).as("mvn test in %s: %s", PROJECT, tail(log)).isZero();
        for (String test : tests) {
            Path report = PROJECT.resolve("target/surefire-reports/TEST-" + test + ".xml");
            assertThat(report).as("%s ran", test).exists();
            Element suite = Publication.xml(report).getDocumentElement();
            assertThat(Integer.parseInt(suite.getAttribute("tests"))).as(test).isPositive();
            assertThat(suite.getAttribute("failures") + "/" + suite.getAttribute("errors") + "/" + suite.getAttribute("skipped"))
                    .as("%s failures/errors/skipped", test).isEqualTo("0/0/0");
        }
        assertTheVersionsVnetifIsTestedWith(classPath, outerRepository);
    }

    /**
     * Every library on the user's test class path that a published module uses is at the version the reactor
     * resolves for that module: the parent pom's dependency management (the protobuf, gRPC, Netty, JUnit BOMs)
     * does not reach users' builds, so a version it picks must also be what the published poms make users
     * resolve.
     */
    private static void assertTheVersionsVnetifIsTestedWith(Path userClassPath, Path outerRepository) throws IOException {
        Map<String, String> reactor = new java.util.TreeMap<>();
        for (Publication.Module m : Publication.published()) {
            Path file = m.dir().resolve("target/runtime-classpath.txt");
            if (m.packaging().equals("jar")) {
                assertThat(file).as("written by the reactor for %s", m.artifactId()).exists();
                reactor.putAll(versions(Files.readString(file), outerRepository));
            }
        }
        Map<String, String> user = versions(Files.readString(userClassPath), REPOSITORY);
        List<String> differ = new ArrayList<>();
        user.forEach((library, version) -> {
            String tested = reactor.get(library);
            if (tested != null && !tested.equals(version)) {
                differ.add(library + " " + version + " (vnetif is built and tested with " + tested + ")");
            }
        });
        assertThat(differ).as("libraries at other versions on the user's class path").isEmpty();
        assertThat(user).as("the user's class path (%s)", userClassPath).containsKeys("io.grpc:grpc-netty-shaded", "com.google.protobuf:protobuf-java");
    }

    /** {@code groupId:artifactId} → version of every jar of a class path that lies in {@code repository}. */
    private static Map<String, String> versions(String classPath, Path repository) {
        Map<String, String> versions = new java.util.TreeMap<>();
        for (String entry : classPath.strip().split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry).toAbsolutePath().normalize();
            Path root = repository.toAbsolutePath().normalize();
            if (!jar.startsWith(root) || jar.getNameCount() - root.getNameCount() < 4) {
                continue; // a reactor module's classes, or not from a repository
            }
            Path relative = root.relativize(jar); // group/path/artifactId/version/file.jar
            int n = relative.getNameCount();
            String group = relative.subpath(0, n - 3).toString().replace(java.io.File.separatorChar, '.');
            versions.put(group + ":" + relative.getName(n - 3), relative.getName(n - 2).toString());
        }
        return versions;
    }

    /**
     * The whole {@code pom.xml} of docs/testing.md#a-project-of-your-own, with the documented dependency for
     * {@code mode = PROCESS} added; it must hold the block of README.md#depending-on-it and name the versions this
     * build uses.
     */
    private static String pom() {
        List<Markdown.Block> testing = Markdown.read(Publication.ROOT.resolve("docs/testing.md")).blocks;
        String pom = xmlBlock(testing, "<project").text() + "\n";
        String readmeBlock = xmlBlock(Markdown.read(Publication.ROOT.resolve("README.md")).blocks, "<dependencyManagement>").text();
        assertThat(squeezed(pom)).as("the README's dependency block is the one of docs/testing.md's pom").contains(squeezed(readmeBlock));
        Map<String, String> versions = Map.of(
                "vnetif-bom", Publication.version(),
                "junit-jupiter", System.getProperty("vnetif.junit.version"),
                "maven-compiler-plugin", System.getProperty("vnetif.compiler.plugin.version"),
                "maven-surefire-plugin", System.getProperty("vnetif.surefire.plugin.version"));
        versions.forEach((artifact, version) -> assertThat(pom).as("docs/testing.md names %s %s, the version this build uses", artifact, version)
                .containsPattern("<artifactId>" + artifact + "</artifactId>\\s*<version>" + Pattern.quote(version) + "</version>"));
        assertThat(xmlBlock(testing, "slf4j-simple").text()).as("the documented logging binding, at the version this build uses")
                .contains("<version>" + System.getProperty("vnetif.slf4j.version") + "</version>");
        String processMode = xmlBlock(testing, "vnetif-switch-server").text();
        int end = pom.lastIndexOf("</dependencies>");
        return pom.substring(0, end) + processMode.indent(4) + "  " + pom.substring(end);
    }

    private static Markdown.Block xmlBlock(List<Markdown.Block> blocks, String containing) {
        return blocks.stream().filter(b -> b.info().equals("xml") && b.text().contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no ```xml block with " + containing));
    }

    private static String squeezed(String xml) {
        return xml.replaceAll("\\s+", "");
    }

    /** Every Java block of the pages (README.md#the-first-example and the others) that is a whole compilation unit: it starts with its imports. */
    private static List<String> documentedClasses() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Publication.ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(Publication.ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> classes = new ArrayList<>();
        for (Path page : pages) {
            for (Markdown.Block b : Markdown.read(page).blocks) {
                if (b.info().equals("java") && b.text().startsWith("import ")) {
                    classes.add(b.text() + "\n");
                }
            }
        }
        return classes;
    }

    private static String className(String source) {
        Matcher m = CLASS.matcher(source);
        if (!m.find()) {
            throw new AssertionError("a Java block that starts with imports declares no class:\n" + source);
        }
        return m.group(1);
    }

    /**
     * The user's Maven: its own local repository (the vnetif artifacts installed there), and the build's local
     * repository as the mirror of every remote one, so third-party artifacts are copied from disk, never downloaded.
     */
    private static String settings(Path outerRepository) {
        // Central, redefined as the build's local repository (which keeps no checksums of what it downloaded).
        String central = """
                <id>central</id>
                <url>%s</url>
                <releases><checksumPolicy>ignore</checksumPolicy></releases>
                <snapshots><enabled>false</enabled></snapshots>
                """.formatted(outerRepository.toUri());
        return """
                <settings>
                  <localRepository>%s</localRepository>
                  <profiles>
                    <profile>
                      <id>this-build</id>
                      <repositories><repository>%s</repository></repositories>
                      <pluginRepositories><pluginRepository>%s</pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>this-build</activeProfile></activeProfiles>
                </settings>
                """.formatted(REPOSITORY, central, central);
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
