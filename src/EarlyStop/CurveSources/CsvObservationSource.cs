using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LcPfn.Prior;
using LcPfn.Prior.Data;

namespace LcPfn.EarlyStop.CurveSources;

/// <summary>
/// Streams a CSV file line by line, in either layout: long (<c>run_id, epoch, value</c> columns, optional
/// <c>study</c>, <c>horizon</c>) or wide (an id column, then <c>e001…eNNN</c>; empty cells are epochs not observed
/// yet). Only one chunk of lines is held at a time. The text is split by <see cref="CsvRecordReader"/>, the one CSV
/// tokenizer (a quoted field may hold a line break); a record with a different number of fields than the header,
/// or an unterminated quote, rejects its run with <see cref="RejectionReasons.MalformedRow"/>.
/// </summary>
internal sealed partial class CsvObservationSource : IObservationSource
{
    private const int LinesPerChunk = 8192;

    private readonly StreamReader reader;
    private readonly long length;
    private readonly CsvRecordReader line;
    private readonly int headerCount;
    private readonly int runIdColumn;
    private readonly int studyColumn;
    private readonly int horizonColumn;
    private readonly int epochColumn;
    private readonly int valueColumn;
    private readonly (int Column, int Epoch)[] epochColumns;
    private ObservationChunk? chunk; // reused: a chunk is valid until the next read

    private CsvObservationSource(string path, StreamReader reader, CsvRecordReader line)
    {
        Path = path;
        this.reader = reader;
        this.line = line;
        length = Math.Max(1, reader.BaseStream.Length);
        headerCount = line.Count;
        var names = Enumerable.Range(0, line.Count).Select(i => line.String(i).Trim()).ToArray();
        int Column(string name) => Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        studyColumn = Column("study");
        horizonColumn = Column("horizon");
        epochColumn = Column("epoch");
        valueColumn = Column("value");
        runIdColumn = Column("run_id");
        epochColumns = [];
        if (runIdColumn >= 0 && epochColumn >= 0 && valueColumn >= 0)
        {
            IsWide = false;
            return;
        }
        IsWide = true;
        epochColumns = names
            .Select((n, i) => (Match: EpochColumnPattern().Match(n), Column: i))
            .Where(x => x.Match.Success)
            .Select(x => (x.Column, int.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture)))
            .ToArray();
        runIdColumn = Array.FindIndex(names, n => n.EndsWith("id", StringComparison.OrdinalIgnoreCase) || n.EndsWith("index", StringComparison.OrdinalIgnoreCase));
        if (epochColumns.Length == 0 || runIdColumn < 0)
        {
            throw new InvalidInputException(
                $"{path}: not a curve CSV. A long CSV needs the columns run_id, epoch and value; a wide CSV needs an id column "
                + $"(name ending in 'id' or 'index') and epoch columns e001…eNNN. The header has: {string.Join(", ", names)}.");
        }
        horizonColumn = -1;
    }

    public string Path { get; }

    /// <summary>True for the wide layout (one run per line).</summary>
    public bool IsWide { get; }

    public bool HasStudy => studyColumn >= 0;

    public bool HasHorizon => IsWide || horizonColumn >= 0;

    public long? EstimatedObservations => length / (IsWide ? 7 : 16);

    public static CsvObservationSource Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        try
        {
            var csv = new CsvRecordReader(reader);
            if (!csv.Read())
                throw new InvalidInputException($"{path}: the CSV file is empty; it needs a header line.");
            return new CsvObservationSource(path, reader, csv);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public ValueTask<ObservationChunk?> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var capacity = IsWide ? LinesPerChunk / 8 * Math.Max(1, epochColumns.Length) : LinesPerChunk;
        var lines = 0;
        var any = false;
        if (chunk is not null) chunk.Count = 0;
        while (lines < (IsWide ? LinesPerChunk / 8 : LinesPerChunk))
        {
            if (!line.Read()) break;
            chunk ??= new ObservationChunk(capacity, HasStudy, HasHorizon);
            lines++;
            any = true;
            if (line.Truncated || line.Count != headerCount)
            {
                // The run is rejected (malformed_row), as CurveFileReader does; the rest of the file is still read.
                var runId = runIdColumn < line.Count ? line.String(runIdColumn) : "";
                var study = studyColumn >= 0 && studyColumn < line.Count ? line.String(studyColumn) : null;
                chunk.Add(new Observation(study, runId, 0, double.NaN, CellIssue.Malformed, 0, line.StartLine));
                continue;
            }
            if (IsWide) AddWide(chunk); else AddLong(chunk);
        }
        if (!any) return ValueTask.FromResult<ObservationChunk?>(null);
        chunk!.InputFraction = Math.Min(1.0, (double)reader.BaseStream.Position / length);
        return ValueTask.FromResult<ObservationChunk?>(chunk);
    }

    public ValueTask DisposeAsync()
    {
        reader.Dispose();
        return ValueTask.CompletedTask;
    }

    private void AddLong(ObservationChunk chunk)
    {
        var study = studyColumn >= 0 ? line.String(studyColumn) : null;
        var issue = line.TryInt(epochColumn, out var epoch);
        var valueIssue = line.TryDouble(valueColumn, out var value);
        if (issue == CellIssue.None) issue = valueIssue;
        var horizon = 0;
        if (horizonColumn >= 0)
        {
            // An empty horizon cell means unknown (0); text or a horizon below 1 makes the run invalid (-1).
            var horizonIssue = line.TryInt(horizonColumn, out horizon);
            if (horizonIssue != CellIssue.None) horizon = horizonIssue == CellIssue.Missing ? 0 : -1;
            else if (horizon < 1) horizon = -1; // a stated horizon of 0 or less is invalid, as CurveFileReader says
        }
        chunk.Add(new Observation(study, line.String(runIdColumn), epoch, value, issue, horizon, line.StartLine));
    }

    private void AddWide(ObservationChunk chunk)
    {
        var study = studyColumn >= 0 ? line.String(studyColumn) : null;
        var runId = line.String(runIdColumn);
        var start = chunk.Count;
        foreach (var (column, epoch) in epochColumns)
        {
            var issue = line.TryDouble(column, out var value);
            if (issue == CellIssue.Missing) continue; // not observed (yet)
            chunk.Add(new Observation(study, runId, epoch, value, issue, epochColumns.Length, line.StartLine));
        }
        if (chunk.Count == start)
        {
            // A run with no observation at all still has to surface (it is skipped, not lost silently).
            chunk.Add(new Observation(study, runId, 0, double.NaN, CellIssue.Missing, epochColumns.Length, line.StartLine));
        }
    }

    [GeneratedRegex(@"^e(\d+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EpochColumnPattern();
}
