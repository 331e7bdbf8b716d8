using System.Globalization;
using System.Text.RegularExpressions;

namespace LcPfn.Prior.Data;

/// <summary>
/// Reads a wide CSV file, one row per curve (the format of ../shared/data): metadata columns, then epoch columns
/// <c>e001 … eNNN</c> where <c>eK</c> is the value after epoch K.
/// <list type="bullet">
/// <item>The run id is the first metadata column whose name ends in <c>id</c> or <c>index</c> (case-insensitive);
/// without one, the 1-based data row number.</item>
/// <item>The horizon is the last epoch column's number (= the number of epoch columns for <c>e001…eNNN</c>),
/// unless <see cref="CurveReadOptions.Horizon"/> is set.</item>
/// <item>The study is the <c>study</c> column when there is one, else the file name without extension and without a
/// trailing <c>.partNN</c>, so that a table split into parts forms one study.</item>
/// <item>Empty cells are unobserved epochs (a partial curve); NaN/inf and text reject the run.</item>
/// </list>
/// </summary>
public static partial class WideCsvCurveReader
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidInputException">The file is missing, empty, or its header has no usable epoch columns.</exception>
    public static CurveReadResult Read(string path, CurveReadOptions? options = null) =>
        CurveFileReader.ReadText(path, options, Read);

    /// <summary>Reads wide CSV text; <paramref name="file"/> names it in rejections and errors.</summary>
    public static CurveReadResult Read(TextReader text, string file, CurveReadOptions? options = null)
    {
        var (csv, header, checkedOptions) = CurveFileReader.OpenCsv(text, file, options, "a wide CSV needs a header row with epoch columns e001..eNNN");
        var layout = Layout.Parse(header, file);
        return ReadRows(csv, layout, file, checkedOptions);
    }

    /// <summary>True when the header names at least one epoch column (<c>e1</c>, <c>e001</c>, …).</summary>
    internal static bool HasEpochColumns(IReadOnlyList<string> header) => header.Any(h => EpochColumn().IsMatch(h.Trim()));

    /// <summary>The study name for a file without a study column: its name without extension and trailing <c>.partNN</c>.</summary>
    public static string StudyFromFileName(string path)
    {
        string stem = Path.GetFileNameWithoutExtension(path);
        return PartSuffix().Replace(stem, "");
    }

    private static CurveReadResult ReadRows(CsvRecordReader csv, Layout layout, string file, CurveReadOptions options)
    {
        var assembler = new CurveAssembler(file, options);
        string defaultStudy = StudyFromFileName(file);
        var fields = new List<string>();
        int dataRow = 0;
        while (csv.TryRead(fields, out int line, out bool truncated))
        {
            dataRow++;
            string runId = layout.IdColumn is { } idc
                ? (idc < fields.Count ? fields[idc].Trim() : "")
                : dataRow.ToString(CultureInfo.InvariantCulture);
            string study = layout.StudyColumn is { } sc && sc < fields.Count && fields[sc].Trim().Length > 0 ? fields[sc].Trim() : defaultStudy;
            if (truncated || fields.Count != layout.ColumnCount)
            {
                string why = truncated ? "unterminated quoted field (truncated file?)" : $"{fields.Count} cells but the header has {layout.ColumnCount} (truncated or extra commas?)";
                AddRowRejection(assembler, study, runId, line, null, RejectionReasons.MalformedRow, why);
                continue;
            }
            if (runId.Length == 0)
            {
                assembler.RejectRow("", line, null, RejectionReasons.MissingRunId, $"column '{layout.IdName}' is empty");
                continue;
            }
            if (assembler.Contains(study, runId))
            {
                assembler.RejectRow(runId, line, null, RejectionReasons.DuplicateRun, $"run id '{runId}' already on line {assembler.FirstRow(study, runId)}");
                continue;
            }
            assembler.Touch(study, runId, line);
            if (layout.ScheduleColumn is { } scheduleColumn) assembler.SetSchedule(study, runId, line, fields[scheduleColumn]);
            for (int k = 0; k < layout.EpochColumns.Length; k++)
            {
                string cell = fields[layout.EpochColumns[k]];
                if (cell.Trim().Length == 0) continue;
                int epoch = layout.Epochs[k];
                if (!CurveCells.TryParseValue(cell, out double value))
                {
                    assembler.Reject(study, runId, line, epoch, RejectionReasons.UnparsableValue, $"value {CurveCells.Quote(cell)} is not a number");
                    break;
                }
                assembler.Add(study, runId, line, epoch, value);
            }
        }
        int lastEpoch = layout.Epochs[^1];
        return assembler.Build(_ => lastEpoch);
    }

    private static void AddRowRejection(CurveAssembler assembler, string study, string runId, int line, int? epoch, string code, string detail)
    {
        if (runId.Length == 0 || assembler.Contains(study, runId)) assembler.RejectRow(runId, line, epoch, code, detail);
        else assembler.Reject(study, runId, line, epoch, code, detail);
    }

    private sealed record Layout(int ColumnCount, int? IdColumn, string IdName, int? StudyColumn, int? ScheduleColumn, int[] EpochColumns, int[] Epochs)
    {
        public static Layout Parse(List<string> header, string file)
        {
            var epochColumns = new List<int>();
            var epochs = new List<int>();
            int? idColumn = null;
            int? studyColumn = null;
            int? scheduleColumn = null;
            for (int c = 0; c < header.Count; c++)
            {
                string name = header[c].Trim();
                var m = EpochColumn().Match(name);
                if (m.Success)
                {
                    if (int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int beyond) && beyond > HorizonLimit.Max)
                        throw new InvalidInputException($"{file}: header column {c + 1} '{name}': epoch {beyond} is beyond the horizon limit {HorizonLimit.Max}.");
                    if (!int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int epoch) || epoch < 1)
                        throw new InvalidInputException($"{file}: header column {c + 1} '{name}' is not a valid epoch column; epochs are 1-based (e001 = after the first epoch).");
                    if (epochs.Count > 0 && epoch <= epochs[^1])
                        throw new InvalidInputException($"{file}: header column {c + 1} '{name}' comes after e{epochs[^1]:D3}; epoch columns must be strictly increasing without duplicates.");
                    epochColumns.Add(c);
                    epochs.Add(epoch);
                    continue;
                }
                string lower = name.ToLowerInvariant();
                if (idColumn is null && (lower.EndsWith("id", StringComparison.Ordinal) || lower.EndsWith("index", StringComparison.Ordinal))) idColumn = c;
                if (studyColumn is null && lower == "study") studyColumn = c;
                if (scheduleColumn is null && lower == CurveTableReader.ScheduleColumn) scheduleColumn = c;
            }
            if (epochColumns.Count == 0)
                throw new InvalidInputException($"{file}: no epoch columns (e001..eNNN) in the header; a wide CSV holds one curve per row with columns e001, e002, ...; a curve table needs columns run_id, epoch, value.");
            string idName = idColumn is { } i ? header[i].Trim() : "(row number)";
            return new Layout(header.Count, idColumn, idName, studyColumn, scheduleColumn, epochColumns.ToArray(), epochs.ToArray());
        }
    }

    [GeneratedRegex("^[eE]0*([0-9]+)$")]
    private static partial Regex EpochColumn();

    [GeneratedRegex(@"\.part[0-9]+$", RegexOptions.IgnoreCase)]
    private static partial Regex PartSuffix();
}
