import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a staging folder made by {@code mvn -P release deploy} (a Maven repository layout) for what Maven Central
 * requires of every artifact in it.
 *
 * <pre>
 * java .ci/ReleaseCheck.java STAGING LICENSE [--signed] [--expect a,b,...] [--absent c,d,...]
 * java .ci/ReleaseCheck.java --self-test STAGING LICENSE [--signed]
 * </pre>
 *
 * <p>For each artifact: a POM with name and description of its own, and url, licenses (name and url), developers
 * (a name), scm (connection, developerConnection, url) of its own or inherited from a parent POM that is staged
 * too; a jar, a sources jar and a javadoc jar unless the packaging is {@code pom}; an .md5 and a .sha1 beside
 * every file that match it; with {@code --signed}, an .asc beside every file (checked with gpg when it is on the
 * PATH); META-INF/LICENSE, equal to the given LICENSE, in every jar. {@code --expect} names artifacts that must be
 * staged, {@code --absent} artifacts that must not be. Exit 0 when everything holds, 1 otherwise, one line each.
 *
 * <p>{@code --self-test} copies a staging folder that passes, doctors the copy (a POM field dropped, a jar
 * missing, a LICENSE missing from a jar, a wrong checksum, a parent's scm dropped, a signature missing) and checks
 * that each doctored copy fails, naming what is wrong.
 */
public final class ReleaseCheck {

    private final Path staging;
    private final byte[] license;
    private final boolean signed;
    private boolean verifyWithGpg = true;
    private final List<String> errors = new ArrayList<>();
    private final List<String> passed = new ArrayList<>();

    ReleaseCheck(Path staging, byte[] license, boolean signed) {
        this.staging = staging;
        this.license = license;
        this.signed = signed;
    }

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        boolean selfTest = a.remove("--self-test");
        boolean signed = a.remove("--signed");
        List<String> expect = option(a, "--expect");
        List<String> absent = option(a, "--absent");
        if (a.size() != 2) {
            System.err.println("Usage: java .ci/ReleaseCheck.java [--self-test] STAGING LICENSE [--signed]"
                    + " [--expect a,b] [--absent c,d]");
            System.exit(2);
        }
        Path staging = Path.of(a.get(0));
        byte[] license = Files.readAllBytes(Path.of(a.get(1)));
        if (selfTest) {
            System.exit(selfTest(staging, license, signed) ? 0 : 1);
        }
        ReleaseCheck check = new ReleaseCheck(staging, license, signed);
        check.run(expect, absent);
        check.passed.forEach(l -> System.out.println("ok   " + l));
        check.errors.forEach(l -> System.out.println("FAIL " + l));
        System.out.println(check.errors.isEmpty()
                ? "Release check: " + check.passed.size() + " artifacts ready for Maven Central in " + staging
                : "Release check: " + check.errors.size() + " problems in " + staging);
        System.exit(check.errors.isEmpty() ? 0 : 1);
    }

    private static List<String> option(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0) {
            return List.of();
        }
        String value = args.remove(i + 1);
        args.remove(i);
        return List.of(value.split(","));
    }

    /** Runs every check; the problems are in {@link #errors}. */
    void run(List<String> expect, List<String> absent) throws Exception {
        if (!Files.isDirectory(staging)) {
            errors.add(staging + " does not exist: run mvn -P release deploy first");
            return;
        }
        Map<String, Path> versionDirs = new TreeMap<>();
        try (Stream<Path> files = Files.walk(staging)) {
            files.filter(p -> p.toString().endsWith(".pom"))
                    .forEach(p -> versionDirs.put(staging.relativize(p.getParent()).toString(), p.getParent()));
        }
        List<String> staged = new ArrayList<>();
        for (Path dir : versionDirs.values()) {
            staged.add(dir.getParent().getFileName().toString());
            checkArtifact(dir);
        }
        for (String id : expect) {
            if (!staged.contains(id)) {
                errors.add(id + ": not staged");
            }
        }
        for (String id : absent) {
            if (staged.contains(id)) {
                errors.add(id + ": staged, but it must not be published");
            }
        }
        if (versionDirs.isEmpty()) {
            errors.add(staging + ": no POM staged");
        }
    }

    private void checkArtifact(Path dir) throws Exception {
        String artifactId = dir.getParent().getFileName().toString();
        String where = artifactId + " " + dir.getFileName();
        List<Path> poms;
        try (Stream<Path> files = Files.list(dir)) {
            poms = files.filter(p -> p.toString().endsWith(".pom")).sorted().toList();
        }
        if (poms.size() != 1) {
            errors.add(where + ": " + poms.size() + " POMs staged (" + names(poms) + "); clear the staging folder"
                    + " before mvn -P release deploy");
            return;
        }
        int before = errors.size();
        Path pomFile = poms.get(0);
        String base = pomFile.getFileName().toString().replaceFirst("\\.pom$", "");
        Element pom = parse(pomFile).getDocumentElement();
        if (!artifactId.equals(text(pom, "artifactId"))) {
            errors.add(where + ": the POM's artifactId is " + text(pom, "artifactId"));
        }
        for (String field : List.of("name", "description")) {
            if (text(pom, field).isBlank()) {
                errors.add(where + ": the POM has no <" + field + ">");
            }
        }
        Element parent = parentPom(pom, where);
        checkInherited(pom, parent, artifactId, where);

        List<Path> files = new ArrayList<>(List.of(pomFile));
        String packaging = text(pom, "packaging").isBlank() ? "jar" : text(pom, "packaging");
        if (!packaging.equals("pom")) {
            for (String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar")) {
                Path jar = dir.resolve(base + suffix);
                if (!Files.exists(jar)) {
                    errors.add(where + ": " + jar.getFileName() + " is missing");
                }
            }
        }
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> p.getFileName().toString().startsWith(base) && p.toString().endsWith(".jar"))
                    .sorted().forEach(files::add);
        }
        for (Path file : files) {
            checkChecksums(file, where);
            if (signed) {
                checkSignature(file, where);
            }
            if (file.toString().endsWith(".jar")) {
                checkJar(file, where);
            }
        }
        if (errors.size() == before) {
            passed.add(where + " (" + packaging + "): " + String.join(" ", files.stream()
                    .map(p -> p.getFileName().toString().substring(base.length())).toList())
                    + ", each with .md5 and .sha1" + (signed ? " and .asc" : ""));
        }
    }

    /** url, licenses, developers and scm: the POM's own, or its parent's as Maven inherits them. */
    private void checkInherited(Element pom, Element parent, String artifactId, String where) {
        String url = inheritedText(pom, parent, "url", "child.project.url.inherit.append.path", artifactId);
        if (url.isBlank()) {
            errors.add(where + ": no <url> (own or inherited)");
        }
        Element licenses = own(pom, parent, "licenses");
        List<Element> licenseList = licenses == null ? List.of() : children(licenses, "license");
        if (licenseList.isEmpty()) {
            errors.add(where + ": no <licenses> (own or inherited)");
        }
        for (Element l : licenseList) {
            if (text(l, "name").isBlank() || text(l, "url").isBlank()) {
                errors.add(where + ": a <license> without <name> or <url>");
            }
        }
        Element developers = own(pom, parent, "developers");
        List<Element> developerList = developers == null ? List.of() : children(developers, "developer");
        if (developerList.isEmpty()) {
            errors.add(where + ": no <developers> (own or inherited)");
        }
        for (Element d : developerList) {
            if (text(d, "name").isBlank()) {
                errors.add(where + ": a <developer> without <name>");
            }
        }
        Element scm = child(pom, "scm");
        Element parentScm = parent == null ? null : child(parent, "scm");
        if (scm == null && parentScm == null) {
            errors.add(where + ": no <scm> (own or inherited)");
            return;
        }
        for (String field : List.of("connection", "developerConnection", "url")) {
            String value = scm != null && !text(scm, field).isBlank() ? text(scm, field)
                    : parentScm == null ? "" : text(parentScm, field)
                            + ("false".equals(parentScm.getAttribute("child.scm." + field + ".inherit.append.path"))
                                    || text(parentScm, field).isBlank() ? "" : "/" + artifactId);
            if (value.isBlank()) {
                errors.add(where + ": no <scm><" + field + "> (own or inherited)");
            }
        }
    }

    private static String inheritedText(Element pom, Element parent, String field, String attribute, String id) {
        if (!text(pom, field).isBlank() || parent == null) {
            return text(pom, field);
        }
        String value = text(parent, field);
        return value.isBlank() || "false".equals(parent.getAttribute(attribute)) ? value : value + "/" + id;
    }

    private static Element own(Element pom, Element parent, String name) {
        Element e = child(pom, name);
        return e != null || parent == null ? e : child(parent, name);
    }

    /** The parent POM, which must be staged too when it is one of ours (Central needs it to read the child). */
    private Element parentPom(Element pom, String where) throws Exception {
        Element parent = child(pom, "parent");
        if (parent == null) {
            return null;
        }
        Path dir = staging.resolve(text(parent, "groupId").replace('.', '/')).resolve(text(parent, "artifactId"))
                .resolve(text(parent, "version"));
        Optional<Path> file = Optional.empty();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                file = files.filter(p -> p.toString().endsWith(".pom")).findFirst();
            }
        }
        if (file.isEmpty()) {
            errors.add(where + ": its parent " + text(parent, "artifactId") + " is not staged");
            return null;
        }
        return parse(file.get()).getDocumentElement();
    }

    private void checkChecksums(Path file, String where) throws IOException, NoSuchAlgorithmException {
        byte[] content = Files.readAllBytes(file);
        for (String[] kind : new String[][] {{".md5", "MD5"}, {".sha1", "SHA-1"}}) {
            Path sum = Path.of(file + kind[0]);
            if (!Files.exists(sum)) {
                errors.add(where + ": " + sum.getFileName() + " is missing");
                continue;
            }
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance(kind[1]).digest(content));
            String actual = Files.readString(sum).strip().split("\\s+")[0].toLowerCase();
            if (!expected.equals(actual)) {
                errors.add(where + ": " + sum.getFileName() + " does not match the file");
            }
        }
    }

    private void checkSignature(Path file, String where) throws IOException, InterruptedException {
        Path asc = Path.of(file + ".asc");
        if (!Files.exists(asc)) {
            errors.add(where + ": " + asc.getFileName() + " is missing");
            return;
        }
        if (!Files.readString(asc).startsWith("-----BEGIN PGP SIGNATURE-----")) {
            errors.add(where + ": " + asc.getFileName() + " is not an armored PGP signature");
            return;
        }
        if (!verifyWithGpg) {
            return;
        }
        Process gpg;
        try {
            gpg = new ProcessBuilder("gpg", "--batch", "--verify", asc.toString(), file.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException noGpg) {
            return;
        }
        byte[] output = gpg.getInputStream().readAllBytes();
        if (!gpg.waitFor(60, TimeUnit.SECONDS) || gpg.exitValue() != 0) {
            errors.add(where + ": gpg does not verify " + asc.getFileName() + ": "
                    + new String(output, StandardCharsets.UTF_8).strip().replace('\n', ' '));
        }
    }

    private void checkJar(Path jar, String where) throws IOException {
        String name = jar.getFileName().toString();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry("META-INF/LICENSE");
            if (entry == null) {
                errors.add(where + ": " + name + " has no META-INF/LICENSE");
            } else {
                try (InputStream in = zip.getInputStream(entry)) {
                    if (!Arrays.equals(in.readAllBytes(), license)) {
                        errors.add(where + ": META-INF/LICENSE in " + name + " differs from the repository's");
                    }
                }
            }
            String wanted = name.endsWith("-sources.jar") ? ".java" : name.endsWith("-javadoc.jar") ? "index.html"
                    : ".class";
            if (zip.stream().noneMatch(e -> e.getName().endsWith(wanted))) {
                errors.add(where + ": " + name + " holds no " + wanted + " file");
            }
        }
    }

    private static String names(List<Path> files) {
        return String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList());
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> list = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                list.add(e);
            }
        }
        return list;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().strip();
    }

    // ---- self-test: each doctored copy of a good staging folder must fail, naming the fault ----

    private interface Doctor {
        void apply(Path copy) throws Exception;
    }

    private static boolean selfTest(Path staging, byte[] license, boolean signed) throws Exception {
        ReleaseCheck good = new ReleaseCheck(staging, license, signed);
        good.verifyWithGpg = false; // the check itself runs gpg; the self-test looks for the faults it makes
        good.run(List.of(), List.of());
        if (!good.errors.isEmpty()) {
            System.out.println("self-test: the staging folder must pass first: " + good.errors);
            return false;
        }
        Map<String, Doctor> faults = new TreeMap<>();
        faults.put("the POM has no <description>", copy -> editPom(copy, "azkit-logging",
                s -> s.replaceFirst("(?s)\\s*<description>.*?</description>", "")));
        faults.put("the POM has no <name>", copy -> editPom(copy, "azkit-bom",
                s -> s.replaceFirst("(?s)\\s*<name>.*?</name>", "")));
        faults.put("no <scm> (own or inherited)", copy -> editPom(copy, "azkit-parent",
                s -> s.replaceFirst("(?s)\\s*<scm[ >].*?</scm>", "")));
        faults.put("no <licenses> (own or inherited)", copy -> editPom(copy, "azkit-parent",
                s -> s.replaceFirst("(?s)\\s*<licenses>.*?</licenses>", "")));
        faults.put("-javadoc.jar is missing", copy -> {
            Path jar = file(copy, "azkit-storage-helpers", "-javadoc.jar");
            for (String ext : List.of("", ".md5", ".sha1", ".asc")) {
                Files.deleteIfExists(Path.of(jar + ext));
            }
        });
        faults.put("-sources.jar has no META-INF/LICENSE", copy -> {
            Path jar = file(copy, "azkit-table-helpers", "-sources.jar");
            rewriteJar(jar, name -> !name.equals("META-INF/LICENSE"));
            writeChecksums(jar);
        });
        faults.put(".jar.sha1 does not match the file", copy -> {
            Path sum = Path.of(file(copy, "azkit-testing", ".jar") + ".sha1");
            Files.writeString(sum, "0".repeat(40));
        });
        faults.put("not staged", copy -> deleteTree(copy.resolve("io/github/azkit/azkit-table-cli")));
        if (signed) {
            faults.put(".pom.asc is missing", copy -> Files.delete(Path.of(file(copy, "azkit-table-helpers",
                    ".pom") + ".asc")));
        }
        boolean ok = true;
        for (Map.Entry<String, Doctor> fault : faults.entrySet()) {
            Path copy = Files.createTempDirectory("release-check-");
            try {
                copyTree(staging, copy);
                fault.getValue().apply(copy);
                ReleaseCheck check = new ReleaseCheck(copy, license, signed);
                check.verifyWithGpg = false;
                check.run(List.of("azkit-table-cli"), List.of());
                boolean named = check.errors.stream().anyMatch(e -> e.contains(fault.getKey()));
                System.out.println((named ? "ok   " : "FAIL ") + "doctored (" + fault.getKey() + "): "
                        + (check.errors.isEmpty() ? "passed" : check.errors.get(0)));
                ok &= named;
            } finally {
                deleteTree(copy);
            }
        }
        System.out.println("Release check self-test: " + (ok ? faults.size() + " faults caught" : "FAILED"));
        return ok;
    }

    private static Path file(Path staging, String artifactId, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(staging.resolve("io/github/azkit/" + artifactId))) {
            return files.filter(p -> p.toString().endsWith(suffix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(artifactId + ": no *" + suffix + " staged"));
        }
    }

    private static void editPom(Path staging, String artifactId, java.util.function.UnaryOperator<String> edit)
            throws Exception {
        Path pom = file(staging, artifactId, ".pom");
        String before = Files.readString(pom);
        String after = edit.apply(before);
        if (after.equals(before)) {
            throw new IllegalStateException("self-test: the edit changed nothing in " + pom);
        }
        Files.writeString(pom, after);
        writeChecksums(pom);
        Files.deleteIfExists(Path.of(pom + ".asc"));
    }

    private static void writeChecksums(Path file) throws Exception {
        byte[] content = Files.readAllBytes(file);
        Files.writeString(Path.of(file + ".md5"),
                HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)));
        Files.writeString(Path.of(file + ".sha1"),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content)));
    }

    private static void rewriteJar(Path jar, java.util.function.Predicate<String> keep) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(jar)));
                ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (keep.test(e.getName())) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        Files.write(jar, bytes.toByteArray());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted((x, y) -> y.compareTo(x)).toList()) {
                Files.delete(p);
            }
        }
    }
}
