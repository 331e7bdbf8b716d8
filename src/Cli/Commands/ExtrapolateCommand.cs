using System.CommandLine;
using System.Globalization;
using LcPfn.EarlyStop.Batch;
using LcPfn.EarlyStop.CurveSources;
using LcPfn.Prior;
using LcPfn.Prior.Baselines;
using LcPfn.Transformer.Runtime;

namespace LcPfn.Cli.Commands;

/// <summary>
/// <c>lcpfn extrapolate</c>: streams a curve file through the model and writes the prediction table (Parquet) and
/// the rejected-runs table, with progress on stderr. All the work is in <see cref="BatchExtrapolator"/>.
/// </summary>
internal sealed class ExtrapolateCommand : ICliCommand
{
    public string? Group => null;

    public Command Create()
    {
        var schedule = CommonOptions.Schedule();
        var calibration = CalibrationCli.Option(CalibrationCli.None);
        var json = CommonOptions.Json();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var model = new Option<string?>("--model") { Description = "Model folder (default: the shipped default model)." };
        var input = new Option<string>("--input") { Description = "Curve file: .parquet curve table, long CSV (run_id,epoch,value) or wide CSV (id, e001…eNNN).", Required = true };
        var output = new Option<string>("--out") { Description = "Prediction table to write (.parquet; a missing folder is created); rejected runs go to <out stem>.rejected.parquet.", Required = true };
        var cutoff = new Option<string?>("--cutoff") { Description = "'last' (default): predict from everything observed." };
        var cutoffs = new Option<string?>("--cutoffs") { Description = "Comma-separated fractions of the horizon in (0, 1] to cut each run at (simulated censoring)." };
        var allEpochs = new Option<bool>("--all-epochs") { Description = "Predict every epoch after the cutoff, not only the horizon." };
        var quantiles = new Option<string?>("--quantiles") { Description = "Comma-separated quantile levels (default 0.05,0.25,0.5,0.75,0.95; 0.5 is the median column)." };
        var horizon = new Option<int?>("--horizon") { Description = "Horizon of every run (default: horizon column, wide epoch count, or last observed epoch)." };
        var minimize = new Option<bool>("--minimize") { Description = "Smaller is better (a loss)." };
        var lower = new Option<double?>("--lower") { Description = "Lower bound of the metric in file units (default 0); values below are rejected." };
        var upper = new Option<double?>("--upper") { Description = "Upper bound of the metric in file units (default 1/scale); values above are rejected." };
        var scale = new Option<double>("--scale") { Description = "File values times this lie in [0, 1] (0.01 for percent).", DefaultValueFactory = _ => 1.0 };
        var bestFile = new Option<string?>("--best-file") { Description = "CSV study,best: best value so far per study (adds p_improve)." };
        var best = new Option<double?>("--best") { Description = "Best value so far for every study (adds p_improve)." };
        var inputOrder = new Option<InputOrder>("--input-order") { Description = "auto (default), grouped (rows of a run are contiguous) or unsorted (spill to disk first).", DefaultValueFactory = _ => InputOrder.Auto };
        var batch = new Option<int>("--batch") { Description = "Runs per forward pass.", DefaultValueFactory = _ => BatchExtrapolatorDefaults.BatchSize };
        var baseline = Forecasters.Option("What predicts (last measures the I/O throughput)");

        var command = new Command("extrapolate", "Parquet batch extrapolation: predict every run of a curve file, streaming, with progress.")
        {
            model, input, output, cutoff, cutoffs, allEpochs, quantiles, horizon, minimize, lower, upper, scale, bestFile, best, inputOrder, batch, baseline, calibration, schedule, json, device, threads,
        };
        command.AddOldName(output, "--output");
        command.AddOldName(baseline, "--baseline");
        command.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var cutoffText = parse.GetValue(cutoff);
            if (cutoffText is not null && !cutoffText.Equals("last", StringComparison.OrdinalIgnoreCase))
                throw new InvalidInputException($"--cutoff accepts only 'last' (was '{cutoffText}'); use --cutoffs 0.1,0.2,… for fractions of the horizon.");
            var cutoffList = ParseList(parse.GetValue(cutoffs), "--cutoffs");
            if (cutoffText is not null && cutoffList is not null)
                throw new InvalidInputException("--cutoff last and --cutoffs cannot be combined; give one of them.");
            if (parse.GetValue(best) is not null && parse.GetValue(bestFile) is not null)
                throw new InvalidInputException("--best and --best-file cannot be combined; give one of them.");
            var options = new BatchExtrapolatorOptions
            {
                CutoffFractions = cutoffList,
                AllEpochs = parse.GetValue(allEpochs),
                Quantiles = ParseList(parse.GetValue(quantiles), "--quantiles") ?? BatchExtrapolatorDefaults.Quantiles,
                Horizon = parse.GetValue(horizon),
                Schedule = CommonOptions.ParseSchedule(parse.GetValue(schedule)),
                Minimize = parse.GetValue(minimize),
                Lower = parse.GetValue(lower),
                Upper = parse.GetValue(upper),
                Scale = parse.GetValue(scale),
                Best = parse.GetValue(best),
                BestByStudy = parse.GetValue(bestFile) is { } file ? BestValueFile.Read(file) : null,
                InputOrder = parse.GetValue(inputOrder),
                BatchSize = parse.GetValue(batch),
            };
            options.Validate();
            string outputPath = OutputPaths.PrepareFile(parse.GetValue(output)!, "--out", ".parquet"); // before the model loads

            // A batch job's memory must not grow with its input: bound LibTorch's heap before the model loads.
            if (parse.GetValue(baseline) is null or Forecasters.PfnName) TorchRuntime.BoundNativeHeap();
            var extrapolator = Forecasters.Open(parse.GetValue(baseline), parse.GetValue(model), parse.GetValue(device), parse.GetValue(threads)).Extrapolator;
            try
            {
                // Managed baselines that allow it predict batches in parallel. The PFN runs one forward pass at a time
                // (on every core); a second batch in flight builds its requests and reads its quantiles meanwhile.
                options = options with
                {
                    MaxConcurrentBatches = extrapolator is IParallelSafeExtrapolator
                        ? Math.Clamp(parse.GetValue(threads) is > 0 and var t ? t : Environment.ProcessorCount, 1, 64)
                        : BatchExtrapolatorDefaults.PfnConcurrentBatches,
                };
                var (calibrated, calibrationUsed) = CalibrationCli.Wrap(parse.GetValue(calibration), extrapolator, options.Scale, stderr, ct, options.Schedule);
                var runner = new BatchExtrapolator(calibrated, options);
                var progress = new ProgressPrinter(stderr);
                // SIGTERM/SIGINT cancel the job instead of killing the process, so its temporary files are deleted.
                using var stop = new SignalCancellation(ct);
                var summary = await runner.RunAsync(parse.GetValue(input)!, outputPath, progress, stop.Token).ConfigureAwait(false);
                var result = new
                {
                    Curves = summary.Curves,
                    RowsRejected = summary.RowsRejected,
                    ValuesClipped = summary.ValuesClipped,
                    Seconds = Math.Round(summary.Seconds, 3),
                    CurvesPerSecond = Math.Round(summary.CurvesPerSecond, 1),
                    Predictions = summary.Predictions,
                    CutoffsSkipped = summary.CutoffsSkipped,
                    Output = summary.OutputPath,
                    RejectedOutput = summary.RejectedPath,
                    Spilled = summary.Spilled,
                    Extrapolator = extrapolator.Name,
                    Calibration = calibrationUsed,
                };
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(stdout, result);
                }
                else
                {
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{summary.Curves:N0} curves predicted ({summary.Predictions:N0} rows) in {summary.Seconds:F1} s, {summary.CurvesPerSecond:N0} curves/s -> {summary.OutputPath}"));
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{summary.RowsRejected:N0} runs rejected -> {summary.RejectedPath}"));
                    if (summary.ValuesClipped > 0)
                        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{summary.ValuesClipped:N0} values just outside the bounds (by at most {LcPfn.EarlyStop.MetricBounds.Tolerance:P0} of their range) clipped to them"));
                }
                return CliApp.Ok;
            }
            finally
            {
                (extrapolator as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    private static double[]? ParseList(string? text, string option)
    {
        if (text is null) return null;
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                throw new InvalidInputException($"{option}: '{parts[i]}' is not a number (expected a comma-separated list such as 0.1,0.2).");
        }
        return values;
    }

    /// <summary>Plain progress lines on stderr: curves, rate, share of input, ETA.</summary>
    private sealed class ProgressPrinter(TextWriter stderr) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value)
        {
            var eta = value.EtaSeconds is { } s ? TimeSpan.FromSeconds(Math.Round(s)).ToString("c", CultureInfo.InvariantCulture) : "?";
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"extrapolate: {value.Curves:N0} curves, {value.CurvesPerSecond:N0} curves/s, {value.InputFraction:P0} of input, ETA {eta}, {value.RowsRejected:N0} rejected"));
        }
    }
}
