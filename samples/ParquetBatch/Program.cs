// ParquetBatch: extrapolate a whole table of partial learning curves in one streaming job.
// It writes a curve table (Parquet, one row per run and epoch), runs the BatchExtrapolator over it, and reads the
// prediction table back: per run, the predicted final value with its quantiles and P(beating a given best).
//   dotnet run --project samples/ParquetBatch -c Release [-- --out DIR]
//   dotnet run --project samples/ParquetBatch -c Release -- --smoke   (a few seconds)
using System.Globalization;
using LcPfn.EarlyStop.Batch;
using LcPfn.Samples;
using LcPfn.Samples.ParquetBatch;
using Parquet.Serialization;

bool smoke = args.Contains("--smoke");
string folder = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), "lcpfn-parquet-batch");
Directory.CreateDirectory(folder);
string curvesPath = Path.Combine(folder, "curves.parquet");
string predictionsPath = Path.Combine(folder, "predictions.parquet");

using var forecaster = SampleModel.Open();
Console.WriteLine($"forecaster: {forecaster.Description}");

// 1. A curve table: run_id, epoch, value (+ optional study, horizon). Runs are partial: each stopped somewhere.
var rows = CurveTable.Synthetic(runs: smoke ? 24 : 400, horizon: 50, seed: 3);
await ParquetSerializer.SerializeAsync(rows, curvesPath);
Console.WriteLine($"wrote {rows.Count} observations of {rows.Select(r => r.RunId).Distinct().Count()} runs to {curvesPath}");

// 2. The batch job: predict each run's value at its horizon from everything it observed, with quantiles and
//    P(final > 0.85). Input is streamed, output written in row groups; bad runs go to a rejected table.
var options = new BatchExtrapolatorOptions { Quantiles = [0.05, 0.25, 0.5, 0.75, 0.95], Best = 0.85 };
var summary = await new BatchExtrapolator(forecaster.Extrapolator, options).RunAsync(curvesPath, predictionsPath,
    new ConsoleProgress());
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"predicted {summary.Curves} runs in {summary.Seconds:0.0} s ({summary.CurvesPerSecond:0} runs/s), {summary.RowsRejected} rejected -> {summary.OutputPath}"));

// 3. Read the prediction table back and show the runs most likely to beat 0.85.
IList<PredictionRow> predictions;
await using (var stream = File.OpenRead(predictionsPath))
    predictions = (await ParquetSerializer.DeserializeAsync<PredictionRow>(stream)).Data;
Console.WriteLine();
Console.WriteLine("run      seen  final median  [q05, q95]        P(final > 0.85)");
foreach (var p in predictions.OrderByDescending(p => p.PImprove).Take(8))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{p.RunId,-8} {p.CutoffEpoch,4}/{p.Horizon}  {p.Median,8:0.000}  [{p.Q05:0.000}, {p.Q95:0.000}]  {p.PImprove,10:0.000}"));
}

/// <summary>Prints the job's progress lines as they come (on the calling thread, unlike Progress&lt;T&gt;).</summary>
internal sealed class ConsoleProgress : IProgress<BatchProgress>
{
    public void Report(BatchProgress value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {value.Curves} runs predicted, {value.InputFraction:P0} of the input read, {value.Seconds:0.0} s"));
}
