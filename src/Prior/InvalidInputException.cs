namespace LcPfn.Prior;

/// <summary>
/// Input that LcPfn refuses: bad values, bad curves, bad options or a corrupt file. The message says what was
/// wrong and where (file, row, run, epoch) and how to fix it. The CLI maps it to exit code 2.
/// </summary>
public class InvalidInputException : ArgumentException
{
    /// <summary>Creates the exception with its message.</summary>
    public InvalidInputException(string message) : base(message) { }

    /// <summary>Creates the exception with its message and cause.</summary>
    public InvalidInputException(string message, Exception inner) : base(message, inner) { }
}
