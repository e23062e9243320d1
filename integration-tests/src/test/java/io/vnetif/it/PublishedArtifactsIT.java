package io.vnetif.it;

import static io.vnetif.it.Publication.child;
import static io.vnetif.it.Publication.children;
import static io.vnetif.it.Publication.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.vnetif.it.Publication.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The poms and jars users get are publishable as they are: what Maven Central requires of each pom (name,
 * description, URL, license, developers, SCM; inherited from the parent where a module does not say it), a
 * sources jar and a javadoc jar beside each jar, and a BOM that lists every published module at the one version.
 */
class PublishedArtifactsIT {
    private static final Module ROOT = Publication.root();

    @Test
    void theBomListsEveryPublishedModuleAtTheParentsVersion() {
        Module bom = Publication.module(Publication.ROOT.resolve("bom"));
        assertThat(text(bom.pom(), "version")).contains(Publication.version());
        assertThat(child(bom.pom(), "parent")).as("a BOM with a parent imports the parent's dependency management into users' builds")
                .isEmpty();
        Element managed = child(child(bom.pom(), "dependencyManagement").orElseThrow(), "dependencies").orElseThrow();
        List<Element> all = children(managed, "dependency");
        // Of others' artifacts, protobuf-java alone, at the version vnetif's generated classes are made with.
        List<Element> others = all.stream().filter(d -> !text(d, "groupId").orElseThrow().equals(Publication.GROUP)).toList();
        assertThat(others).singleElement().satisfies(d -> {
            assertThat(text(d, "groupId")).contains("com.google.protobuf");
            assertThat(text(d, "artifactId")).contains("protobuf-java");
            assertThat(text(d, "version")).isEqualTo(text(child(Publication.root().pom(), "properties").orElseThrow(), "protobuf.version"));
        });
        List<Element> entries = all.stream().filter(d -> !others.contains(d)).toList();
        assertThat(entries).allSatisfy(d -> {
            assertThat(text(d, "groupId")).contains(Publication.GROUP);
            assertThat(text(d, "version")).contains("${project.version}");
        });
        List<String> published = Publication.published().stream().filter(m -> m.packaging().equals("jar")).map(Module::artifactId).toList();
        assertThat(entries).extracting(d -> text(d, "artifactId").orElseThrow()).containsExactlyInAnyOrderElementsOf(published);
        assertThat(published).contains("vnetif-api", "vnetif-client", "vnetif-junit", "vnetif-switch-server")
                .doesNotContain("vnetif-test-support", "vnetif-examples", "vnetif-integration-tests", "vnetif-bench");
    }

    @Test
    void everyPublishedPomSaysWhatMavenCentralRequires() {
        for (Module m : Publication.published()) {
            String what = m.artifactId();
            // A module's own: its name and description.
            assertThat(text(m.pom(), "name")).as(what + " name").isPresent();
            assertThat(text(m.pom(), "description")).as(what + " description").isPresent();
            // Its own or its parent's (vnetif-parent, for every module but the BOM).
            assertThat(inherited(m, pom -> text(pom, "url"))).as(what + " url").hasValueSatisfying(u -> assertThat(u).startsWith("https://"));
            Element license = inherited(m, pom -> child(pom, "licenses").flatMap(l -> child(l, "license"))).orElse(null);
            assertThat(license).as(what + " license").isNotNull();
            assertThat(text(license, "name")).as(what + " license name").isPresent();
            assertThat(text(license, "url")).as(what + " license url").isPresent();
            Element developer = inherited(m, pom -> child(pom, "developers").flatMap(d -> child(d, "developer"))).orElse(null);
            assertThat(developer).as(what + " developer").isNotNull();
            assertThat(text(developer, "name")).as(what + " developer name").isPresent();
            Element scm = inherited(m, pom -> child(pom, "scm")).orElse(null);
            assertThat(scm).as(what + " scm").isNotNull();
            for (String field : List.of("connection", "developerConnection", "url")) {
                assertThat(text(scm, field)).as(what + " scm " + field).isPresent();
            }
            if (!m.artifactId().equals(ROOT.artifactId()) && !m.artifactId().equals("vnetif-bom")) {
                assertThat(child(m.pom(), "parent").flatMap(p -> text(p, "artifactId"))).as(what + " parent").contains(ROOT.artifactId());
            }
        }
    }

    /** The value of the module's pom, else of the parent's (the one level of inheritance vnetif has). */
    private static <T> Optional<T> inherited(Module m, Function<Element, Optional<T>> field) {
        Optional<T> own = field.apply(m.pom());
        return own.isPresent() || child(m.pom(), "parent").isEmpty() ? own : field.apply(ROOT.pom());
    }

    @Test
    void everyPublishedJarHasASourcesJarAndAJavadocJar() throws IOException {
        for (Module m : Publication.published()) {
            if (!m.packaging().equals("jar")) {
                continue;
            }
            assertThat(entries(m, "")).as(m.artifactId() + " jar").anyMatch(e -> e.endsWith(".class"));
            assertThat(entries(m, "sources")).as(m.artifactId() + " sources jar").anyMatch(e -> e.endsWith(".java"));
            assertThat(entries(m, "javadoc")).as(m.artifactId() + " javadoc jar").contains("index.html");
        }
    }

    private static List<String> entries(Module m, String classifier) throws IOException {
        assertThat(Files.isRegularFile(m.jar(classifier))).as(m.jar(classifier) + " (packaged by mvn verify)").isTrue();
        try (ZipFile zip = new ZipFile(m.jar(classifier).toFile())) {
            return zip.stream().map(e -> e.getName()).toList();
        }
    }
}
