using System.Text;

namespace LcPfn.Prior.Data;

/// <summary>
/// Reads learning curves from any supported file, choosing the format by extension and header:
/// <c>.parquet</c> (or a file starting with the Parquet magic <c>PAR1</c>) is a curve table; CSV whose header has
/// <c>run_id</c>, <c>epoch</c> and <c>value</c> columns is a long curve table (<see cref="CurveTableReader"/>); any
/// other CSV is a wide file with epoch columns <c>e001…eNNN</c> (<see cref="WideCsvCurveReader"/>).
/// Bad runs are returned as <see cref="RejectedCurve"/>s and never abort the read; a file that cannot be read at all
/// throws <see cref="InvalidInputException"/> naming it.
/// </summary>
public static class CurveFileReader
{
    private static readonly byte[] ParquetMagic = "PAR1"u8.ToArray();

    /// <summary>Reads one file.</summary>
    /// <exception cref="InvalidInputException">Bad options, or the file is missing, empty, corrupt or of no known layout.</exception>
    public static CurveReadResult Read(string path, CurveReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new CurveReadOptions();
        options.Validate();
        if (Directory.Exists(path))
            throw new InvalidInputException($"{path}: is a directory; give curve files (.csv or .parquet).");
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: file not found.");
        if (IsParquet(path))
            return CurveTableReader.ReadParquet(path, options);

        using var reader = OpenText(path);
        string? headerLine = PeekHeader(reader, path);
        var header = new List<string>();
        new CsvRecordReader(new StringReader(headerLine)).TryRead(header, out _, out _);
        var names = header.Select(h => h.Trim().ToLowerInvariant()).ToHashSet();
        if (names.Contains(CurveTableReader.RunIdColumn) && names.Contains(CurveTableReader.EpochColumn) && names.Contains(CurveTableReader.ValueColumn))
            return CurveTableReader.ReadCsv(path, options);
        if (WideCsvCurveReader.HasEpochColumns(header))
            return WideCsvCurveReader.Read(path, options);
        throw new InvalidInputException(
            $"{path}: unknown layout; the header has neither run_id, epoch, value (curve table) nor epoch columns e001..eNNN (wide CSV). Header starts: {CurveCells.Quote(headerLine)}");
    }

    /// <summary>
    /// Reads several files as one set, in order. A run id that appears again in the same study in a later file is
    /// rejected there (<see cref="RejectionReasons.DuplicateRun"/>); the first one is kept.
    /// </summary>
    /// <exception cref="InvalidInputException">As <see cref="Read"/>, for the first file that cannot be read; or no file given.</exception>
    public static CurveReadResult ReadMany(IEnumerable<string> paths, CurveReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var list = paths.ToList();
        if (list.Count == 0)
            throw new InvalidInputException("No input file given.");
        var curves = new List<LearningCurve>();
        var rejected = new List<RejectedCurve>();
        var seen = new Dictionary<(string Study, string RunId), string>();
        foreach (string path in list)
        {
            var result = Read(path, options);
            rejected.AddRange(result.Rejected);
            foreach (var curve in result.Curves)
            {
                if (seen.TryGetValue((curve.Study, curve.RunId), out string? first))
                {
                    rejected.Add(new RejectedCurve(path, curve.RunId, null, null,
                        RejectionReasons.DuplicateRun, $"run id '{curve.RunId}' of study '{curve.Study}' was already read from {first}"));
                    continue;
                }
                seen.Add((curve.Study, curve.RunId), path);
                curves.Add(curve);
            }
        }
        return new CurveReadResult(curves, rejected);
    }

    /// <summary>Validates the options, opens the text file at <paramref name="path"/> and reads it with <paramref name="read"/>.</summary>
    internal static CurveReadResult ReadText(string path, CurveReadOptions? options, Func<TextReader, string, CurveReadOptions, CurveReadResult> read)
    {
        options ??= new CurveReadOptions();
        options.Validate();
        using var reader = OpenText(path);
        return read(reader, path, options);
    }

    /// <summary>
    /// Validates the options and reads the CSV header of <paramref name="text"/>; an empty input throws, saying what
    /// the header needs (<paramref name="headerNeeds"/>).
    /// </summary>
    internal static (CsvRecordReader Csv, List<string> Header, CurveReadOptions Options) OpenCsv(TextReader text, string file, CurveReadOptions? options, string headerNeeds)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new CurveReadOptions();
        options.Validate();
        var csv = new CsvRecordReader(text);
        var header = new List<string>();
        if (!csv.TryRead(header, out _, out _))
            throw new InvalidInputException($"{file}: the file is empty; {headerNeeds}.");
        return (csv, header, options);
    }

    /// <summary>Opens a text file as UTF-8 (a BOM is skipped), with a clear error when it is missing.</summary>
    internal static StreamReader OpenText(string path)
    {
        try
        {
            return new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidInputException($"{path}: file not found.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"{path}: cannot open the file ({ex.Message}).", ex);
        }
    }

    private static bool IsParquet(string path)
    {
        if (string.Equals(Path.GetExtension(path), ".parquet", StringComparison.OrdinalIgnoreCase)) return true;
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> head = stackalloc byte[4];
            return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual(ParquetMagic);
        }
        catch (IOException ex)
        {
            throw new InvalidInputException($"{path}: cannot open the file ({ex.Message}).", ex);
        }
    }

    private static string PeekHeader(StreamReader reader, string path)
    {
        string? line;
        do
        {
            line = reader.ReadLine();
        }
        while (line is not null && line.Trim().Length == 0);
        if (line is null)
            throw new InvalidInputException($"{path}: the file is empty; a curve file needs a header row.");
        return line;
    }
}
