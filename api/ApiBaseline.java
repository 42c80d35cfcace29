import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The API baseline of azkit's published modules: every public and protected type and member of the packages a
 * module exports, one line each, sorted, read from compiled classes with javap (no dependency is needed).
 *
 * <pre>
 * java api/ApiBaseline.java check  ARTIFACT_ID CLASSES_DIR   compare with api/ARTIFACT_ID.txt; exit 1 on a difference
 * java api/ApiBaseline.java update [ARTIFACT_ID [CLASSES_DIR] ...]  rewrite api/ARTIFACT_ID.txt from the classes
 * java api/ApiBaseline.java print  CLASSES_DIR               print the API lines
 * </pre>
 *
 * <p>Run it from the repository root. A module's folder is its artifactId without the {@code azkit-} prefix, at the
 * root or under {@code integrations/}. The
 * exported packages are those of {@code module-info.class}; a module without one (azkit-table-cli) exports every
 * package but those named {@code internal} or {@code implementation}.
 */
public final class ApiBaseline {

    static final List<String> PUBLISHED = List.of("azkit-storage-helpers", "azkit-table-helpers", "azkit-table-cli",
            "azkit-logging", "azkit-election", "azkit-testing", "azkit-logback", "azkit-log4j2", "azkit-shedlock",
            "azkit-micrometer");

    /** A module's classes: its folder is its artifactId without {@code azkit-}, at the root or in integrations/. */
    static Path classesOf(String id) {
        String folder = id.replaceFirst("^azkit-", "");
        Path top = Path.of(folder);
        return (Files.isDirectory(top) ? top : Path.of("integrations", folder)).resolve("target").resolve("classes");
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 1 && args[0].equals("check") && args.length == 3) {
            System.exit(check(args[1], Path.of(args[2])) ? 0 : 1);
        } else if (args.length >= 1 && args[0].equals("update")) {
            List<String> ids = args.length == 1 ? PUBLISHED : List.of(args).subList(1, args.length);
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                // an argument that is a path names the classes of the artifact before it
                boolean given = i + 1 < ids.size() && ids.get(i + 1).contains("/");
                Path classes = given ? Path.of(ids.get(++i)) : classesOf(id);
                if (!Files.isDirectory(classes)) {
                    throw new IllegalStateException(classes + " does not exist: compile first"
                            + " (mvn -B -q -o install -DskipTests)");
                }
                List<String> lines = api(classes);
                Files.write(baseline(id), lines, StandardCharsets.UTF_8);
                System.out.println("Wrote " + baseline(id) + " (" + lines.size() + " lines)");
            }
        } else if (args.length == 2 && args[0].equals("print")) {
            api(Path.of(args[1])).forEach(System.out::println);
        } else {
            System.err.println("Usage: java api/ApiBaseline.java check ARTIFACT_ID CLASSES_DIR"
                    + " | update [ARTIFACT_ID ...] | print CLASSES_DIR");
            System.exit(2);
        }
    }

    static Path baseline(String artifactId) {
        return Path.of("api", artifactId + ".txt");
    }

    static boolean check(String artifactId, Path classes) throws IOException {
        Path file = baseline(artifactId);
        List<String> actual = api(classes);
        List<String> expected = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        if (actual.equals(expected)) {
            System.out.println("API of " + artifactId + " matches " + file + " (" + actual.size() + " lines)");
            return true;
        }
        Set<String> removed = new TreeSet<>(expected);
        actual.forEach(removed::remove);
        Set<String> added = new TreeSet<>(actual);
        expected.forEach(added::remove);
        StringBuilder report = new StringBuilder();
        report.append("The public API of ").append(artifactId).append(" differs from ").append(file)
                .append(Files.exists(file) ? "" : " (missing)").append(":\n");
        removed.forEach(l -> report.append("- ").append(l).append('\n'));
        added.forEach(l -> report.append("+ ").append(l).append('\n'));
        report.append("If the change is deliberate, regenerate the file from the repository root and commit it with"
                + " the change and a CHANGELOG.md line:\n    java api/ApiBaseline.java update ").append(artifactId)
                .append('\n');
        System.err.print(report);
        return false;
    }

    /** The API lines of one classes folder: {@code binaryTypeName: declaration}, sorted. */
    static List<String> api(Path classes) throws IOException {
        Set<String> packages = exportedPackages(classes);
        List<String> types = new ArrayList<>();
        for (String pkg : packages) {
            Path dir = classes.resolve(pkg.replace('.', '/'));
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".class") && !n.equals("package-info.class")
                                && !n.equals("module-info.class"))
                        .map(n -> pkg + "." + n.substring(0, n.length() - ".class".length()))
                        // anonymous and local classes ($1, $1Local) are never API
                        .filter(n -> !n.matches(".*\\$[0-9].*"))
                        .sorted()
                        .forEach(types::add);
            }
        }
        if (types.isEmpty()) {
            return List.of();
        }
        List<String> javapArgs = new ArrayList<>(List.of("-protected", "-cp", classes.toString()));
        javapArgs.addAll(types);
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow(() -> new IllegalStateException("no javap"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = javap.run(new PrintWriter(out), new PrintWriter(err), javapArgs.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("javap failed (" + exit + "): " + err + out);
        }
        Set<String> publicTypes = new LinkedHashSet<>();
        TreeSet<String> lines = new TreeSet<>();
        List<String[]> members = new ArrayList<>();
        String current = null;
        for (String line : out.toString().split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("Compiled from")) {
                continue;
            }
            if (l.endsWith("{")) {
                String header = l.substring(0, l.length() - 1).strip();
                current = typeName(header);
                if (header.startsWith("public ") || header.startsWith("protected ")) {
                    publicTypes.add(current);
                    members.add(new String[] {current, header});
                }
            } else if (l.equals("}")) {
                current = null;
            } else if (current != null && publicTypes.contains(current)) {
                members.add(new String[] {current, l.endsWith(";") ? l.substring(0, l.length() - 1) : l});
            }
        }
        for (String[] m : members) {
            if (accessible(m[0], publicTypes)) {
                lines.add(m[0] + ": " + m[1]);
            }
        }
        return List.copyOf(lines);
    }

    /** A nested type is API only when every type that encloses it is. */
    private static boolean accessible(String type, Set<String> publicTypes) {
        for (int i = type.indexOf('$'); i > 0; i = type.indexOf('$', i + 1)) {
            if (!publicTypes.contains(type.substring(0, i))) {
                return false;
            }
        }
        return publicTypes.contains(type);
    }

    /** The binary name in a javap header such as {@code public final class a.b.C<T> extends ...}. */
    private static String typeName(String header) {
        String[] words = header.split(" ");
        for (int i = 0; i < words.length - 1; i++) {
            if (words[i].equals("class") || words[i].equals("interface") || words[i].equals("enum")
                    || words[i].equals("record") || words[i].equals("@interface")) {
                String name = words[i + 1];
                int generic = name.indexOf('<');
                return generic < 0 ? name : name.substring(0, generic);
            }
        }
        throw new IllegalStateException("Not a javap type header: " + header);
    }

    private static Set<String> exportedPackages(Path classes) throws IOException {
        Path moduleInfo = classes.resolve("module-info.class");
        if (Files.exists(moduleInfo)) {
            try (InputStream in = Files.newInputStream(moduleInfo)) {
                return ModuleDescriptor.read(in).exports().stream()
                        .filter(e -> !e.isQualified())
                        .map(ModuleDescriptor.Exports::source)
                        .collect(Collectors.toCollection(TreeSet::new));
            }
        }
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classes.relativize(p.getParent()).toString().replace('/', '.'))
                    .filter(p -> !p.isEmpty() && !p.matches("(.*\\.)?(internal|implementation)(\\..*)?"))
                    .forEach(packages::add);
        }
        return packages;
    }
}
