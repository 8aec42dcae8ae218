package org.orrery.experiments.cli;

import java.io.PrintWriter;

import org.orrery.experiments.OrreryVersion;
import org.orrery.experiments.bench.BenchCommand;
import org.orrery.experiments.config.ConfigException;
import org.orrery.hardware.CatalogException;
import org.orrery.traces.TraceFormatException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code orrery} command line. Exit status 0 is success, 2 a user error (a bad config, trace or
 * catalog, reported without a stack trace) and 1 an internal error, reported with its stack trace.
 */
@Command(name = "orrery",
        mixinStandardHelpOptions = true,
        versionProvider = OrreryCli.Version.class,
        description = "Discrete-event simulator of GPU datacenters: LLM serving, power, carbon and cost.",
        subcommands = {RunCommand.class, SweepCommand.class, ValidateCommand.class, PlotCommand.class,
            CatalogCommand.class, TraceCommand.class, BenchCommand.class})
public final class OrreryCli implements Runnable {
    /** Exit status of a user error. */
    public static final int USER_ERROR = 2;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with Orrery's exception handling. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new OrreryCli());
        commandLine.setExecutionExceptionHandler(OrreryCli::handle);
        return commandLine;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    private static int handle(Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (isUserError(exception)) {
            err.println("error: " + exception.getMessage());
            err.flush();
            return USER_ERROR;
        }
        err.println("internal error: " + exception);
        exception.printStackTrace(err);
        err.flush();
        return 1;
    }

    static boolean isUserError(Throwable exception) {
        return exception instanceof ConfigException || exception instanceof TraceFormatException
                || exception instanceof CatalogException || exception instanceof UserInputException;
    }

    /** Supplies {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"orrery " + OrreryVersion.get()};
        }
    }
}
