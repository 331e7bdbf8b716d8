using LcPfn.Prior;

namespace LcPfn.Cli;

/// <summary>Which exceptions mean bad input (exit code 2) rather than a runtime failure (exit code 1).</summary>
internal static class CliErrors
{
    public static bool IsBadInput(Exception ex) => ex switch
    {
        InvalidInputException => true,
        ArgumentException => true,
        FileNotFoundException => true,
        DirectoryNotFoundException => true,
        FormatException => true,
        Microsoft.Extensions.Options.OptionsValidationException => true,
        _ => false,
    };

    /// <summary>The first exception inside <paramref name="aggregate"/> (depth first) that is not itself an aggregate.</summary>
    public static Exception FirstCause(AggregateException aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        Exception cause = aggregate;
        while (cause is AggregateException { InnerExceptions.Count: > 0 } outer) cause = outer.InnerExceptions[0];
        return cause;
    }
}
