using System.Globalization;

namespace LcPfn.Prior.Schedules;

/// <summary>
/// Turns the schedule text of the command line, a curve table's <c>schedule</c> column or a worker report into a
/// <see cref="LearningRateSchedule"/>: the named syntax, or the path of a file of per-epoch multipliers (one number
/// per line or comma-separated; <c>#</c> starts a comment).
/// </summary>
public static class ScheduleText
{
    /// <summary>Multiplier files larger than this are refused.</summary>
    public const long MaxFileBytes = 8 << 20;

    /// <summary>Null or blank text → null (schedule unknown); otherwise the schedule it names.</summary>
    /// <param name="text">A schedule in the text syntax, or a file path.</param>
    /// <param name="allowFiles">Whether a path may be read (false for untrusted text such as worker reports).</param>
    /// <exception cref="InvalidInputException">Neither a schedule nor a readable multiplier file; the message says why and where.</exception>
    public static LearningRateSchedule? Resolve(string? text, bool allowFiles = true)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        string trimmed = text.Trim();
        if (allowFiles && File.Exists(trimmed)) return ReadFile(trimmed);
        return LearningRateSchedule.Parse(trimmed);
    }

    /// <summary>Reads a file of per-epoch multipliers.</summary>
    /// <exception cref="InvalidInputException">Too large, empty, or a token that is not a number (the message names the line).</exception>
    public static LearningRateSchedule ReadFile(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxFileBytes)
            throw new InvalidInputException($"{path}: a schedule file may hold at most {MaxFileBytes:N0} bytes; it has {info.Length:N0}.");
        var values = new List<double>();
        int line = 0;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            string content = raw.Split('#')[0];
            foreach (var token in content.Split([',', ' ', '\t', ';'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    throw new InvalidInputException($"{path}, line {line}: '{(token.Length > 40 ? token[..40] + "…" : token)}' is not a number; a schedule file lists one multiplier per epoch.");
                values.Add(value);
            }
        }
        try
        {
            return LearningRateSchedule.FromMultipliers(values);
        }
        catch (InvalidInputException ex)
        {
            throw new InvalidInputException($"{path}: {ex.Message}", ex);
        }
    }
}
