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
        assertThat(ci.lines().filter(l -> l.startsWith("mvn"))).containsExactly("mvn -B verify");
    }
}
