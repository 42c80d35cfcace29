package io.github.azkit.table.cli;

import com.azure.core.exception.AzureException;
import io.github.azkit.table.backup.CorruptBackupException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code azkit-tables}: back up, restore, verify and list Azure Tables from the command line.
 *
 * <p>Exit codes: {@value #OK} success; {@value #FAILED} a storage, file or state error (the message says which);
 * {@value #USAGE} bad arguments; {@value #DIFFERENT} {@code verify} found differences; {@value #CORRUPT} the
 * backup is damaged.
 *
 * <p>Not thread-safe; one instance runs one command.
 */
@Command(name = "azkit-tables", mixinStandardHelpOptions = true, versionProvider = AzkitTables.Version.class,
        description = "Back up, restore, verify and list Azure Tables, keeping every EDM type exactly.",
        subcommands = {BackupCommand.class, RestoreCommand.class, VerifyCommand.class, ListCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failed, 2 bad arguments, 3 verify found differences, 4 damaged backup.",
            "The connection string is read from --connection-string or AZURE_STORAGE_CONNECTION_STRING;",
            "with --endpoint, you sign in with Microsoft Entra ID (environment, managed identity, Azure CLI, ...)."})
public final class AzkitTables implements Runnable {

    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: a storage, file or state error. */
    public static final int FAILED = 1;
    /** Exit code: bad arguments. */
    public static final int USAGE = 2;
    /** Exit code: {@code verify} found differences between the backup and the table. */
    public static final int DIFFERENT = 3;
    /** Exit code: the backup is damaged. */
    public static final int CORRUPT = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Creates the top-level command (picocli calls this). */
    public AzkitTables() {
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(System.getenv(), args));
    }

    /**
     * Runs the command line without exiting, for tests and embedding.
     *
     * @param env the environment to read {@code AZURE_STORAGE_CONNECTION_STRING} from
     * @param args the arguments
     * @return the exit code
     */
    public static int run(Map<String, String> env, String... args) {
        return run(env, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new AzkitTables());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setDefaultValueProvider(arg -> arg instanceof CommandLine.Model.OptionSpec option
                && option.longestName().equals("--connection-string") ? env.get("AZURE_STORAGE_CONNECTION_STRING") : null);
        cli.setExitCodeExceptionMapper(AzkitTables::exitCode);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter errors = line.getErr();
            errors.println("azkit-tables: " + message(e));
            errors.flush();
            return exitCode(e);
        });
        return cli.execute(args);
    }

    static int exitCode(Throwable e) {
        if (e instanceof CorruptBackupException) {
            return CORRUPT;
        }
        if (e instanceof CommandLine.ParameterException || e instanceof IllegalArgumentException) {
            return USAGE;
        }
        return FAILED;
    }

    private static String message(Throwable e) {
        if (e instanceof AzureException || e instanceof UncheckedIOException) {
            String m = String.valueOf(e.getMessage());
            int newline = m.indexOf('\n');
            return e.getClass().getSimpleName() + ": " + (newline > 0 ? m.substring(0, newline) : m);
        }
        return String.valueOf(e.getMessage());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: backup, restore, verify or list");
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AzkitTables.class.getPackage().getImplementationVersion();
            return new String[] {"azkit-tables " + (v == null ? "(development build)" : v)};
        }
    }
}
