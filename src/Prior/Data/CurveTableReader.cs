using Parquet;
using Parquet.Schema;

namespace LcPfn.Prior.Data;

/// <summary>
/// Reads the canonical curve table (long format, one row per observation) from CSV or Parquet: columns
/// <c>run_id</c> (string, or an integer), <c>epoch</c> (integer, 1-based), <c>value</c> (number), optional
/// <c>study</c> (string; default <see cref="LearningCurve.DefaultStudy"/>) and <c>horizon</c> (integer). Column
/// names match case-insensitively; other columns are ignored. Rows of different runs may interleave, but within a run
/// epochs must increase in file order. Without a horizon (column or <see cref="CurveReadOptions.Horizon"/>), a run's
/// horizon is the largest epoch of its study in the file.
/// </summary>
public static class CurveTableReader
{
    /// <summary>The run id column.</summary>
    public const string RunIdColumn = "run_id";
    /// <summary>The epoch column (1-based).</summary>
    public const string EpochColumn = "epoch";
    /// <summary>The value column.</summary>
    public const string ValueColumn = "value";
    /// <summary>The optional per-run learning-rate schedule column (the schedule text syntax; wins over <see cref="CurveReadOptions.Schedule"/>).</summary>
    public const string ScheduleColumn = "schedule";

    /// <summary>The optional study column.</summary>
    public const string StudyColumn = "study";
    /// <summary>The optional horizon column.</summary>
    public const string HorizonColumn = "horizon";

    /// <summary>Reads a curve table in CSV.</summary>
    /// <exception cref="InvalidInputException">The file is missing, empty or lacks a required column.</exception>
    public static CurveReadResult ReadCsv(string path, CurveReadOptions? options = null) =>
        CurveFileReader.ReadText(path, options, ReadCsv);

    /// <summary>Reads curve-table CSV text; <paramref name="file"/> names it in rejections and errors.</summary>
    public static CurveReadResult ReadCsv(TextReader text, string file, CurveReadOptions? options = null)
    {
        var (csv, header, checkedOptions) = CurveFileReader.OpenCsv(text, file, options, "a curve table needs a header with columns run_id, epoch, value");
        options = checkedOptions;
        var columns = header.Select(h => h.Trim().ToLowerInvariant()).ToList();
        int Find(string name) => columns.IndexOf(name);
        int runCol = Find(RunIdColumn), epochCol = Find(EpochColumn), valueCol = Find(ValueColumn);
        int studyCol = Find(StudyColumn), horizonCol = Find(HorizonColumn), scheduleCol = Find(ScheduleColumn);
        RequireColumns(file, runCol, epochCol, valueCol);

        var assembler = new CurveAssembler(file, options);
        var fields = new List<string>();
        while (csv.TryRead(fields, out int line, out bool truncated))
        {
            string runId = runCol < fields.Count ? fields[runCol].Trim() : "";
            string study = studyCol >= 0 && studyCol < fields.Count && fields[studyCol].Trim().Length > 0 ? fields[studyCol].Trim() : LearningCurve.DefaultStudy;
            if (runId.Length == 0)
            {
                assembler.RejectRow("", line, null, RejectionReasons.MissingRunId, "column run_id is empty");
                continue;
            }
            if (truncated || fields.Count != header.Count)
            {
                string why = truncated ? "unterminated quoted field (truncated file?)" : $"{fields.Count} cells but the header has {header.Count} (truncated or extra commas?)";
                assembler.Reject(study, runId, line, null, RejectionReasons.MalformedRow, why);
                continue;
            }
            string epochCell = fields[epochCol].Trim();
            if (epochCell.Length == 0)
            {
                assembler.Reject(study, runId, line, null, RejectionReasons.MissingValue, "epoch is empty");
                continue;
            }
            if (!CurveCells.TryParseInteger(epochCell, out int epoch))
            {
                assembler.Reject(study, runId, line, null, RejectionReasons.UnparsableValue, $"epoch {CurveCells.Quote(epochCell)} is not an integer");
                continue;
            }
            string valueCell = fields[valueCol].Trim();
            if (valueCell.Length == 0)
            {
                assembler.Reject(study, runId, line, epoch, RejectionReasons.MissingValue, "value is empty");
                continue;
            }
            if (!CurveCells.TryParseValue(valueCell, out double value))
            {
                assembler.Reject(study, runId, line, epoch, RejectionReasons.UnparsableValue, $"value {CurveCells.Quote(valueCell)} is not a number");
                continue;
            }
            int? horizon = null;
            if (horizonCol >= 0 && fields[horizonCol].Trim().Length > 0)
            {
                if (!CurveCells.TryParseInteger(fields[horizonCol], out int h))
                {
                    assembler.Reject(study, runId, line, epoch, RejectionReasons.InvalidHorizon, $"horizon {CurveCells.Quote(fields[horizonCol].Trim())} is not a positive integer");
                    continue;
                }
                horizon = h;
            }
            if (scheduleCol >= 0) assembler.SetSchedule(study, runId, line, fields[scheduleCol]);
            assembler.Add(study, runId, line, epoch, value, horizon);
        }
        return assembler.Build(assembler.MaxEpoch);
    }

    /// <summary>Reads a curve table in Parquet, row group by row group, columns by name.</summary>
    /// <exception cref="InvalidInputException">The file is missing, not Parquet, corrupt, or lacks a required column.</exception>
    public static CurveReadResult ReadParquet(string path, CurveReadOptions? options = null)
    {
        options ??= new CurveReadOptions();
        options.Validate();
        if (Directory.Exists(path))
            throw new InvalidInputException($"{path}: is a directory; give curve files (.csv or .parquet).");
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: file not found.");
        try
        {
            using var stream = File.OpenRead(path);
            return ReadParquetAsync(stream, path, options).GetAwaiter().GetResult();
        }
        catch (InvalidInputException)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or ParquetException or InvalidDataException or NotSupportedException
                                       or InvalidOperationException or ArgumentException or IndexOutOfRangeException or OverflowException
                                       or NullReferenceException or InvalidCastException or FormatException or EndOfStreamException)
        {
            throw new InvalidInputException($"{path}: cannot read the file as Parquet ({ex.GetType().Name}: {ex.Message}); it may be truncated or corrupt.", ex);
        }
    }

    /// <summary>Reads a Parquet curve table from a seekable stream; <paramref name="file"/> names it in rejections and errors.</summary>
    public static async Task<CurveReadResult> ReadParquetAsync(Stream stream, string file, CurveReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new CurveReadOptions();
        options.Validate();
        await using var reader = await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields();
        DataField? Find(string name) => fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        DataField? runField = Find(RunIdColumn), epochField = Find(EpochColumn), valueField = Find(ValueColumn);
        DataField? studyField = Find(StudyColumn), horizonField = Find(HorizonColumn), scheduleField = Find(ScheduleColumn);
        RequireColumns(file, runField is null ? -1 : 0, epochField is null ? -1 : 0, valueField is null ? -1 : 0);
        var notNumeric = new[] { epochField, valueField, horizonField }.Where(f => f is not null && !ParquetColumns.IsNumeric(f)).ToList();
        if (!ParquetColumns.IsText(runField!) && !ParquetColumns.IsNumeric(runField!)) notNumeric.Insert(0, runField);
        if (studyField is not null && !ParquetColumns.IsText(studyField)) notNumeric.Add(studyField);
        if (scheduleField is not null && !ParquetColumns.IsText(scheduleField)) notNumeric.Add(scheduleField);
        if (notNumeric.Count > 0)
            throw new InvalidInputException($"{file}: column(s) {string.Join(", ", notNumeric.Select(f => $"{f!.Name} ({f.ClrType.Name})"))} have the wrong type; run_id: string or integer, epoch and horizon: integer, value: number, study and schedule: string.");

        var assembler = new CurveAssembler(file, options);
        var columns = new ParquetColumnReader();
        int rowBase = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            string?[] runs = await ParquetColumns.ReadTextAsync(group, runField!, n, columns, cancellationToken).ConfigureAwait(false);
            double?[] epochs = await ParquetColumns.ReadNumbersAsync(group, epochField!, n, cancellationToken).ConfigureAwait(false);
            double?[] values = await ParquetColumns.ReadNumbersAsync(group, valueField!, n, cancellationToken).ConfigureAwait(false);
            string?[]? studies = studyField is null ? null : await ParquetColumns.ReadTextAsync(group, studyField, n, columns, cancellationToken).ConfigureAwait(false);
            double?[]? horizons = horizonField is null ? null : await ParquetColumns.ReadNumbersAsync(group, horizonField, n, cancellationToken).ConfigureAwait(false);
            string?[]? schedules = scheduleField is null ? null : await ParquetColumns.ReadTextAsync(group, scheduleField, n, columns, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < n; i++)
            {
                int row = rowBase + i + 1;
                AddParquetRow(assembler, row, runs[i], studies?[i], epochs[i], values[i], horizons?[i]);
                if (schedules?[i] is { } schedule && !string.IsNullOrWhiteSpace(runs[i]))
                    assembler.SetSchedule(string.IsNullOrWhiteSpace(studies?[i]) ? LearningCurve.DefaultStudy : studies[i]!.Trim(), runs[i]!.Trim(), row, schedule);
            }
            rowBase += n;
        }
        return assembler.Build(assembler.MaxEpoch);
    }

    private static void AddParquetRow(CurveAssembler assembler, int row, string? runId, string? studyCell, double? epochCell, double? value, double? horizonCell)
    {
        if (string.IsNullOrWhiteSpace(runId))
        {
            assembler.RejectRow("", row, null, RejectionReasons.MissingRunId, "run_id is null or empty");
            return;
        }
        runId = runId.Trim();
        string study = string.IsNullOrWhiteSpace(studyCell) ? LearningCurve.DefaultStudy : studyCell.Trim();
        if (epochCell is not { } e)
        {
            assembler.Reject(study, runId, row, null, RejectionReasons.MissingValue, "epoch is null");
            return;
        }
        if (!IsInteger(e))
        {
            assembler.Reject(study, runId, row, null, RejectionReasons.UnparsableValue, $"epoch {e.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not an integer");
            return;
        }
        int epoch = (int)e;
        if (value is not { } v)
        {
            assembler.Reject(study, runId, row, epoch, RejectionReasons.MissingValue, "value is null");
            return;
        }
        int? horizon = null;
        if (horizonCell is { } h)
        {
            if (!IsInteger(h))
            {
                assembler.Reject(study, runId, row, epoch, RejectionReasons.InvalidHorizon, $"horizon {h.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a positive integer");
                return;
            }
            horizon = (int)h;
        }
        assembler.Add(study, runId, row, epoch, v, horizon);
    }

    private static bool IsInteger(double d) => double.IsFinite(d) && d == Math.Floor(d) && d >= int.MinValue && d <= int.MaxValue;

    private static void RequireColumns(string file, int runCol, int epochCol, int valueCol)
    {
        var missing = new List<string>();
        if (runCol < 0) missing.Add(RunIdColumn);
        if (epochCol < 0) missing.Add(EpochColumn);
        if (valueCol < 0) missing.Add(ValueColumn);
        if (missing.Count > 0)
            throw new InvalidInputException($"{file}: the curve table lacks column(s) {string.Join(", ", missing)}; required: run_id, epoch, value (optional: study, horizon, schedule).");
    }
}
