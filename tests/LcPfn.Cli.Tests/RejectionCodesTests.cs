using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LcPfn.Prior.Data;
using Parquet;
using Shouldly;

namespace LcPfn.Cli.Tests;

/// <summary>
/// The same bad file gives the same rejection codes (docs/data-formats.md) in <c>eval curves</c> and <c>replay</c>
/// (which read with <see cref="CurveFileReader"/>) and in <c>extrapolate</c> (which streams): one catalog, one CSV
/// tokenizer, one set of rules.
/// </summary>
public sealed partial class RejectionCodesTests : IDisposable
{
    private const int Horizon = 10;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lcpfn-rejection-codes-" + Guid.NewGuid().ToString("N"));

    public RejectionCodesTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    public static TheoryData<string, string> Defects => new()
    {
        { "nan", RejectionReasons.NanValue },
        { "unordered", RejectionReasons.UnorderedEpochs },
        { "duplicate", RejectionReasons.DuplicateEpoch },
        { "horizon", RejectionReasons.InvalidHorizon },
        { "zero-horizon", RejectionReasons.InvalidHorizon },
        { "out-of-bounds", RejectionReasons.ValueOutOfBounds },
        { "quoted-line-break", RejectionReasons.NanValue },
        { "truncated-row", RejectionReasons.MalformedRow },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public async Task BadRun_GetsTheSameCodeAndRowFromEvalCurvesReplayAndExtrapolate(string defect, string code)
    {
        string path = WriteFile(defect);

        var eval = await CliRunner.RunAsync("eval", "curves", "--model", "none", "--baselines", "last", "--input", path);
        var replay = await CliRunner.RunAsync("replay", "--input", path, "--extrapolator", "last", "--orders", "1", "--calibration", "none");
        string output = Path.Combine(_folder, defect + ".preds.parquet");
        var extrapolate = await CliRunner.RunAsync("extrapolate", "--input", path, "--out", output, "--extrapolator", "last");

        eval.ExitCode.ShouldBe(0, eval.Stderr);
        extrapolate.ExitCode.ShouldBe(0, extrapolate.Stderr);
        var fromEval = FromEvalCurves(eval.Stderr);
        var fromExtrapolate = await FromRejectedTable(Path.Combine(_folder, defect + ".preds.rejected.parquet"));
        fromEval.Select(r => (r.RunId, r.Code)).ShouldBe([("bad", code)], eval.Stderr);
        fromExtrapolate.Select(r => (r.RunId, r.Code)).ShouldBe([("bad", code)]);
        if (code == RejectionReasons.ValueOutOfBounds)
        {
            // Replay refuses values outside the model's range outright (exit 2), naming the run with the same code.
            replay.ExitCode.ShouldBe(2, replay.Stderr);
            replay.Stderr.ShouldContain($"{code}: Run 'bad'");
            return;
        }
        replay.ExitCode.ShouldBe(0, replay.Stderr);
        var fromReplay = FromReplay(replay.Stderr);
        fromReplay.Select(r => (r.RunId, r.Code)).ShouldBe([("bad", code)], replay.Stderr);
        // The row (CSV line) agrees too: the tokenizers no longer disagree on a quoted line break.
        fromEval[0].Row.ShouldBe(fromExtrapolate[0].Row);
        fromReplay[0].Row.ShouldBe(fromExtrapolate[0].Row);
        if (defect == "quoted-line-break") fromExtrapolate[0].Row.ShouldBe(15); // line 12 spans 2 lines; epoch 3 of 'bad' is on line 15
    }

    private sealed record Rejection(string RunId, string Code, long? Row);

    /// <summary>Good runs g1, g2, g3 (long CSV, horizon 10) around a run 'bad' that has <paramref name="defect"/>.</summary>
    private string WriteFile(string defect)
    {
        var text = new StringBuilder("run_id,epoch,value,horizon,note\n");
        void Row(string run, string epoch, string value, string horizon = "10", string note = "") =>
            text.Append(CultureInfo.InvariantCulture, $"{run},{epoch},{value},{horizon},{note}\n");
        void Good(string run, double start)
        {
            for (int e = 1; e <= Horizon; e++) Row(run, e.ToString(CultureInfo.InvariantCulture), (start + 0.03 * e).ToString(CultureInfo.InvariantCulture));
        }

        Good("g1", 0.3);
        int[] epochs = defect switch
        {
            "unordered" => [1, 2, 4, 3, 5, 6, 7, 8, 9, 10],
            "duplicate" => [1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10],
            _ => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        };
        foreach (int e in epochs)
        {
            string epoch = e.ToString(CultureInfo.InvariantCulture);
            string value = (0.2 + 0.04 * e).ToString(CultureInfo.InvariantCulture);
            switch (defect)
            {
                case "nan" or "quoted-line-break" when e == 3: Row("bad", epoch, "nan"); break;
                case "quoted-line-break" when e == 1: Row("bad", epoch, value, note: "\"a note on\ntwo lines, with a comma\""); break;
                case "horizon" when e == 1: Row("bad", epoch, value, horizon: "x"); break;
                case "zero-horizon" when e == 1: Row("bad", epoch, value, horizon: "0"); break;
                case "out-of-bounds" when e == 5: Row("bad", epoch, "1.5"); break;
                case "truncated-row" when e == 4: text.Append("bad,4\n"); break;
                default: Row("bad", epoch, value); break;
            }
        }
        Good("g2", 0.35);
        Good("g3", 0.4);
        string path = Path.Combine(_folder, defect + ".csv");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static List<Rejection> FromEvalCurves(string stderr) =>
        [.. SkippedLine().Matches(stderr).Select(m => new Rejection(m.Groups["run"].Value, m.Groups["code"].Value, RowOf(m.Groups["row"])))];

    private static List<Rejection> FromReplay(string stderr) =>
        [.. RejectedLine().Matches(stderr).Select(m => new Rejection(m.Groups["run"].Value, m.Groups["code"].Value, RowOf(m.Groups["row"])))];

    private static long? RowOf(Group group) => group.Success ? long.Parse(group.Value, CultureInfo.InvariantCulture) : null;

    private static async Task<List<Rejection>> FromRejectedTable(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.GetDataFields();
        var rejections = new List<Rejection>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = (int)group.RowCount;
            var runs = new string?[n];
            var reasons = new string?[n];
            var rows = new long?[n];
            await group.ReadAsync(fields.Single(f => f.Name == "run_id"), runs.AsMemory());
            await group.ReadAsync(fields.Single(f => f.Name == "reason"), reasons.AsMemory());
            await group.ReadAsync<long>(fields.Single(f => f.Name == "row"), rows.AsMemory());
            for (int i = 0; i < n; i++) rejections.Add(new Rejection(runs[i]!, reasons[i]!, rows[i]));
        }
        return rejections;
    }

    // skipped: FILE: run 'ID': CODE: detail (row N, epoch E)
    [GeneratedRegex(@"^skipped: .*?run '(?<run>[^']*)': (?<code>[a-z_]+): [^\r\n]*?(?:\(row (?<row>\d+)[^\r\n]*)?$", RegexOptions.Multiline)]
    private static partial Regex SkippedLine();

    // rejected: FILE:N: run 'ID' epoch E: CODE: detail
    [GeneratedRegex(@"^rejected: .*?:(?<row>\d+): run '(?<run>[^']*)'(?: epoch -?\d+)?: (?<code>[a-z_]+):", RegexOptions.Multiline)]
    private static partial Regex RejectedLine();
}
