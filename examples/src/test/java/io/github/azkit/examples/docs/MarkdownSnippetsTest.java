package io.github.azkit.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Markdown the users copy from must be the code the build compiles and runs. */
class MarkdownSnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void guideAndReadmeMatchTheirCompiledSources() throws IOException {
        MarkdownSnippets snippets = new MarkdownSnippets(ROOT);
        for (String file : List.of("GUIDE.md", "README.md")) {
            String markdown = Files.readString(ROOT.resolve(file), StandardCharsets.UTF_8);
            assertThat(markdown).as(file + " has compiled snippets").contains("<!-- snippet: ");
            assertThat(snippets.check(file, markdown)).as("drift in " + file).isEmpty();
        }
    }

    @Test
    void aSnippetEditedByHandInTheGuideIsCaught() throws IOException {
        MarkdownSnippets snippets = new MarkdownSnippets(ROOT);
        String guide = Files.readString(ROOT.resolve("GUIDE.md"), StandardCharsets.UTF_8);
        int marker = guide.indexOf("<!-- snippet: ");
        int bodyStart = guide.indexOf('\n', guide.indexOf("```java", marker)) + 1;
        String edited = guide.substring(0, bodyStart) + "// edited by hand\n" + guide.substring(bodyStart);

        List<String> problems = snippets.check("GUIDE.md", edited);

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("code block differs from").contains("// edited by hand")
                .contains("--sync");
        assertThat(snippets.sync("GUIDE.md", edited)).isEqualTo(guide);
    }

    @Test
    void unmarkedJavaBlocksMissingFilesAndMissingRegionsAreCaught(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("A.java"), String.join("\n",
                "class A {",
                "    // @start region=\"body\"",
                "    int x = 1;",
                "    // @end region=\"body\"",
                "}"));
        MarkdownSnippets snippets = new MarkdownSnippets(dir);

        assertThat(snippets.check("ok.md", "<!-- snippet: A.java#body -->\n```java\nint x = 1;\n```\n")).isEmpty();
        assertThat(snippets.check("bare.md", "```java\nint y = 2;\n```\n"))
                .singleElement().asString().contains("bare.md:1: java code block has no");
        assertThat(snippets.check("nofile.md", "<!-- snippet: B.java#body -->\n```java\nint x = 1;\n```\n"))
                .singleElement().asString().contains("B.java cannot be read");
        assertThat(snippets.check("noregion.md", "<!-- snippet: A.java#head -->\n```java\nint x = 1;\n```\n"))
                .singleElement().asString().contains("region \"head\" not found in A.java");
        assertThat(snippets.check("shell.md", "```\nmvn -B verify\n```\n")).as("non-java blocks are free").isEmpty();
        assertThatThrownBy(() -> snippets.sync("bare.md", "```java\nint y = 2;\n```\n"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBareEndClosesTheRegionOpenedLastAndRegionsNest(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("B.java"), String.join("\n",
                "class B {",
                "    // @start region=\"outer\"",
                "    int a = 1;",
                "    // @start region=\"inner\"",
                "    int b = 2;",
                "    // @end",
                "    int c = 3;",
                "    // @end region=\"outer\"",
                "    int d = 4;",
                "}"));
        MarkdownSnippets snippets = new MarkdownSnippets(dir);
        assertThat(snippets.check("in.md", "<!-- snippet: B.java#inner -->\n```java\nint b = 2;\n```\n")).isEmpty();
        assertThat(snippets.check("out.md",
                "<!-- snippet: B.java#outer -->\n```java\nint a = 1;\nint b = 2;\nint c = 3;\n```\n")).isEmpty();
    }

    @Test
    void readmeTestCommandIsWhatCiRuns() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String ci = Files.readString(ROOT.resolve(".ci/run"), StandardCharsets.UTF_8);
        assertThat(readme).contains("\n```\nbash .ci/run\n```\n");
        // The first Maven run is the whole suite (the release profile's deploy stages into target/staging after
        // verify); later runs only install and run the consumer check, without tests.
        List<String> runs = ci.lines().filter(l -> l.startsWith("mvn")).toList();
        assertThat(runs).isNotEmpty();
        assertThat(runs.get(0)).startsWith("mvn -B -P release").endsWith(" deploy").doesNotContain("skipTests");
        assertThat(runs.subList(1, runs.size())).allSatisfy(run -> assertThat(run).doesNotContain(" deploy"));
    }

    /**
     * The README's Maven block (not Java, so the snippet check does not cover it) must name the BOM exactly as
     * {@code bom/pom.xml} declares it, and only modules the BOM manages.
     */
    @Test
    void readmeMavenBlockImportsTheRealBomAndOnlyModulesItManages() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("```xml\n");
        assertThat(start).as("the README has a Maven block").isPositive();
        String block = readme.substring(start + 7, readme.indexOf("```", start + 7));
        var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        var xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
        org.w3c.dom.Document readmeXml = factory.newDocumentBuilder().parse(new org.xml.sax.InputSource(
                new java.io.StringReader("<project>" + block + "</project>")));
        org.w3c.dom.Document bom = factory.newDocumentBuilder().parse(ROOT.resolve("bom/pom.xml").toFile());

        String imported = "/project/dependencyManagement/dependencies/dependency";
        assertThat(xpath.evaluate(imported + "/groupId", readmeXml)).isEqualTo(xpath.evaluate("/project/groupId", bom));
        assertThat(xpath.evaluate(imported + "/artifactId", readmeXml))
                .isEqualTo(xpath.evaluate("/project/artifactId", bom));
        assertThat(xpath.evaluate(imported + "/version", readmeXml)).isEqualTo(xpath.evaluate("/project/version", bom));
        assertThat(xpath.evaluate(imported + "/type", readmeXml)).isEqualTo("pom");
        assertThat(xpath.evaluate(imported + "/scope", readmeXml)).isEqualTo("import");

        var managed = (org.w3c.dom.NodeList) xpath.evaluate(
                "/project/dependencyManagement/dependencies/dependency/artifactId", bom,
                javax.xml.xpath.XPathConstants.NODESET);
        List<String> bomArtifacts = new java.util.ArrayList<>();
        for (int i = 0; i < managed.getLength(); i++) {
            bomArtifacts.add(managed.item(i).getTextContent());
        }
        var used = (org.w3c.dom.NodeList) xpath.evaluate("/project/dependencies/dependency/artifactId", readmeXml,
                javax.xml.xpath.XPathConstants.NODESET);
        assertThat(used.getLength()).isPositive();
        for (int i = 0; i < used.getLength(); i++) {
            assertThat(bomArtifacts).as("the BOM manages it").contains(used.item(i).getTextContent());
        }
        assertThat(xpath.evaluate("count(/project/dependencies/dependency/version)", readmeXml))
                .as("versions come from the BOM").isEqualTo("0");
    }
}
