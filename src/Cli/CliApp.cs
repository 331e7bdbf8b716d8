using System.CommandLine;
using LcPfn.Cli.Commands;

namespace LcPfn.Cli;

/// <summary>Builds the <c>lcpfn</c> command tree and runs it with the exit codes of docs/cli.md.</summary>
public static class CliApp
{
    /// <summary>Exit code for success.</summary>
    public const int Ok = 0;
    /// <summary>Exit code for a runtime failure.</summary>
    public const int RuntimeFailure = 1;
    /// <summary>Exit code for bad usage or bad input.</summary>
    public const int BadInput = 2;

    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("LcPfn: learning-curve extrapolation with a prior-data fitted network, and early stopping of runs that will not win.");
        foreach (var command in CommandCatalog.All())
            root.Subcommands.Add(command);
        return root;
    }

    /// <summary>Parses and runs; bad usage gives exit code 2 with the parser's message on stderr.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var root = CreateRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                await stderr.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            await stderr.WriteLineAsync("Run 'lcpfn --help' (or 'lcpfn <command> --help') for usage.").ConfigureAwait(false);
            return BadInput;
        }
        // On SIGINT/SIGTERM the action's cancellation token fires; commands get this long to drain (serve acknowledges
        // nothing undecided, extrapolate deletes its temporary files) before the process is ended.
        var config = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };
        try
        {
            try
            {
                return await parse.InvokeAsync(config).ConfigureAwait(false);
            }
            catch (AggregateException aggregate)
            {
                // Parallel work (sweeps, batches) wraps the failure: report the first real one, as a serial run would.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(CliErrors.FirstCause(aggregate)).Throw();
                throw;
            }
        }
        catch (Exception ex) when (CliErrors.IsBadInput(ex))
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("cancelled").ConfigureAwait(false);
            return RuntimeFailure;
        }
        catch (Exception ex)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            if (Environment.GetEnvironmentVariable("LCPFN_DEBUG") == "1")
                await stderr.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            return RuntimeFailure;
        }
    }
}
