package io.vnetif.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * vnetif's published modules as this checkout builds them: which they are (the parent, the BOM and every
 * module that does not set {@code vnetif.internal}), their poms, and what {@code mvn install} puts into a local
 * repository for them (the pom as written, the jar, the sources and javadoc jars), copied from the modules'
 * {@code target} directories after the reactor packaged them.
 */
final class Publication {
    static final Path ROOT = Path.of(System.getProperty("vnetif.readme", "../README.md")).toAbsolutePath().normalize().getParent();
    static final String GROUP = "io.vnetif";

    /** One module: its directory, its pom, and its coordinates. */
    record Module(Path dir, Element pom, String artifactId, String packaging, boolean internal) {
        Path jar(String classifier) {
            return dir.resolve("target").resolve(artifactId + "-" + version() + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar");
        }
    }

    private Publication() {
    }

    /** The parent pom's version, which every module and the BOM share. */
    static String version() {
        return text(root().pom(), "version").orElseThrow();
    }

    static Module root() {
        return module(ROOT);
    }

    /** Every module of the reactor, the parent first. */
    static List<Module> all() {
        List<Module> modules = new ArrayList<>(List.of(root()));
        for (Element m : children(child(root().pom(), "modules").orElseThrow(), "module")) {
            modules.add(module(ROOT.resolve(m.getTextContent().strip())));
        }
        return modules;
    }

    /** The modules users get: the parent, the BOM, and those that do not set vnetif.internal. */
    static List<Module> published() {
        return all().stream().filter(m -> !m.internal()).toList();
    }

    static Module module(Path dir) {
        Element pom = xml(dir.resolve("pom.xml")).getDocumentElement();
        boolean internal = child(pom, "properties").flatMap(p -> text(p, "vnetif.internal")).map(Boolean::parseBoolean).orElse(false);
        return new Module(dir, pom, text(pom, "artifactId").orElseThrow(), text(pom, "packaging").orElse("jar"), internal);
    }

    /**
     * Puts the published modules into {@code repository} as {@code mvn install} does (replacing what an earlier
     * run put there).
     *
     * @throws IllegalStateException naming a module that is not packaged yet
     */
    static void install(Path repository) throws IOException {
        deleteTree(repository.resolve(GROUP.replace('.', '/')));
        for (Module m : published()) {
            Path dir = repository.resolve(GROUP.replace('.', '/')).resolve(m.artifactId()).resolve(version());
            Files.createDirectories(dir);
            Files.copy(m.dir().resolve("pom.xml"), dir.resolve(m.artifactId() + "-" + version() + ".pom"), StandardCopyOption.REPLACE_EXISTING);
            if (m.packaging().equals("jar")) {
                for (String classifier : List.of("", "sources", "javadoc")) {
                    Path jar = m.jar(classifier);
                    if (!Files.isRegularFile(jar)) {
                        throw new IllegalStateException(jar + " is missing: the reactor must package " + m.artifactId() + " first (mvn verify)");
                    }
                    Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static Document xml(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The direct child elements named {@code name}. */
    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    static Optional<Element> child(Element parent, String name) {
        return children(parent, name).stream().findFirst();
    }

    /** The trimmed text of the direct child {@code name}, if there is one and it is not blank. */
    static Optional<String> text(Element parent, String name) {
        return child(parent, name).map(e -> e.getTextContent().strip()).filter(t -> !t.isEmpty());
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
