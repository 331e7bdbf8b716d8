using System.Globalization;
using LcPfn.Prior;
using LcPfn.Prior.Data;

namespace LcPfn.EarlyStop.CurveSources;

/// <summary>
/// Reads the best value so far per study for <c>--best-file</c>: a CSV with the header <c>study,best</c> and one
/// line per study, values in the units of the curve file.
/// </summary>
public static class BestValueFile
{
    /// <summary>Reads the file; a bad line throws <see cref="InvalidInputException"/> naming file and line.</summary>
    public static IReadOnlyDictionary<string, double> Read(string path)
    {
        if (Directory.Exists(path)) throw new InvalidInputException($"best-value file {path} is a directory, not a file.");
        if (!File.Exists(path)) throw new InvalidInputException($"best-value file {path} does not exist.");
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        using var reader = new StreamReader(path);
        var line = new CsvRecordReader(reader);
        line.Read();
        var names = Enumerable.Range(0, line.Count).Select(i => line.String(i)).ToArray();
        var study = Array.FindIndex(names, n => n.Equals("study", StringComparison.OrdinalIgnoreCase));
        var best = Array.FindIndex(names, n => n.Equals("best", StringComparison.OrdinalIgnoreCase));
        if (study < 0 || best < 0) throw new InvalidInputException($"{path}: the header must name the columns study and best; it is {CurveCells.Quote(string.Join(",", names))}.");
        while (line.Read())
        {
            if (line.Count != names.Length || line.Truncated || line.TryDouble(best, out var value) != CellIssue.None || !double.IsFinite(value))
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{path}: line {line.StartLine} needs a study and a finite best value."));
            if (!result.TryAdd(line.String(study), value))
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{path}: line {line.StartLine} repeats study {CurveCells.Quote(line.String(study))}."));
        }
        return result;
    }
}
