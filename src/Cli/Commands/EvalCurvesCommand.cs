using System.CommandLine;
using LcPfn.EarlyStop.Calibration;
using LcPfn.EarlyStop.Evaluation;
using LcPfn.Prior;
using LcPfn.Prior.Baselines;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;

namespace LcPfn.Cli.Commands;

/// <summary>
/// <c>lcpfn eval curves --model DIR --input FILE… [--scale F] [--minimize] [--lower L] [--upper U]</c>: the evaluation protocol (cutoffs at 10/20/40/80 % of
/// each curve's horizon) on real curves from wide CSV or curve-table files, for the PFN and the baselines. The metric
/// options are those of <c>replay</c> and <c>extrapolate</c>; curves are scored in the model's units (<see cref="EvaluationMetric"/>).
/// </summary>
internal sealed class EvalCurvesCommand : ICliCommand
{
    private const int SkippedLinesShown = 10;

    public string? Group => "eval";

    public Command Create()
    {
        var model = new Option<string?>("--model") { Description = $"Model folder (default: the shipped default model); '{EvaluationModel.None}' evaluates the baselines only." };
        var input = new Option<string[]>("--input") { Description = "Curve files: wide CSV (e001..eNNN) or curve tables (CSV/Parquet). Files read together form one set.", Required = true, AllowMultipleArgumentsPerToken = true };
        var scale = new Option<double>("--scale") { Description = "Multiply every value by this (0.01 for accuracy in percent).", DefaultValueFactory = _ => CurveReadOptions.DefaultScale };
        var minimize = new Option<bool>("--minimize") { Description = "Smaller is better (a loss): curves are scored as (upper - value)/(upper - lower)." };
        var lower = new Option<double?>("--lower") { Description = "Lower bound of the metric in file units (default 0)." };
        var upper = new Option<double?>("--upper") { Description = "Upper bound of the metric in file units (default 1/scale)." };
        var horizon = new Option<int?>("--horizon") { Description = "Horizon of runs whose file gives none (default: from the data)." };
        var baseline = new Option<string[]>("--baselines") { Description = $"Baselines to score on the same cutoffs: {string.Join(", ", BaselineCatalog.Names)} or {BaselineCatalog.None} (comma list or repeated; default: {string.Join(", ", BaselineCatalog.DefaultNames)}).", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [.. BaselineCatalog.DefaultNames] };
        var batch = new Option<int>("--batch") { Description = "Curves per extrapolation call.", DefaultValueFactory = _ => EvaluationOptions.DefaultBatchSize };
        var schedule = CommonOptions.Schedule();
        var calibration = CalibrationCli.Option(CalibrationCli.None);
        var saveCalibration = CalibrationCli.SaveOption();
        var json = CommonOptions.Json();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var command = new Command("curves", "Accuracy of predictive distributions on real curves at cutoffs of 10/20/40/80 % of the horizon, with baselines.")
        {
            model, input, scale, minimize, lower, upper, horizon, baseline, batch, calibration, saveCalibration, schedule, json, device, threads,
        };
        command.AddOldName(baseline, "--baseline");
        command.SetAction((parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            bool asJson = parse.GetValue(json);
            var human = asJson ? stderr : stdout;
            var options = new EvaluationOptions { BatchSize = parse.GetValue(batch), MaxDegreeOfParallelism = parse.GetValue(threads) };
            var baselines = BaselineCatalog.Parse(parse.GetValue(baseline) ?? []);
            string[] files = parse.GetValue(input) ?? [];
            var readOptions = new CurveReadOptions { Scale = parse.GetValue(scale), Horizon = parse.GetValue(horizon), Schedule = CommonOptions.ParseSchedule(parse.GetValue(schedule)) };
            var metric = EvaluationMetric.FromFileUnits(parse.GetValue(minimize), parse.GetValue(lower), parse.GetValue(upper), readOptions.Scale);
            var read = CurveFileReader.ReadMany(files, readOptions);
            var set = EvaluationSet.Create([.. read.Curves.Select(metric.ToModelUnits)], options, read.Rejected);
            ReportSkipped(stderr, set);
            if (set.ValuesClipped > 0) stderr.WriteLine(DemoSources.ClippedNote(set.ValuesClipped));
            var horizons = set.Curves.Select(c => c.Horizon).Distinct().Order().ToList();
            human.WriteLine($"{set.Curves.Count} curves from {files.Length} file(s), horizon(s) {string.Join(", ", horizons)}, {set.Skipped.Count} skipped");

            string? modelDir = EvaluationModel.Resolve(parse.GetValue(model));
            ICurveExtrapolator? pfn = Forecasters.OpenModel(parse.GetValue(model), parse.GetValue(device), parse.GetValue(threads))?.Extrapolator;
            try
            {
                var evaluator = new CurveEvaluator(options, new EvaluationProgressWriter(stderr));
                var (calibrated, calibrationUsed) = Calibrate(parse.GetValue(calibration), pfn, set, readOptions, metric, parse.GetValue(saveCalibration), human, ct);
                var run = EvaluationRunner.Run(set, calibrated, baselines, evaluator, ct);
                EvaluationReport.WriteTable(human, run.All);
                if (asJson)
                {
                    var extra = new Dictionary<string, object?>
                    {
                        ["model"] = modelDir,
                        ["inputs"] = files,
                        ["scale"] = readOptions.Scale,
                        ["minimize"] = metric.Minimize,
                        ["lower"] = metric.Lower / readOptions.Scale,
                        ["upper"] = metric.Upper / readOptions.Scale,
                        ["horizons"] = horizons,
                        ["calibration"] = calibrationUsed,
                    };
                    JsonOutput.Write(stdout, EvaluationReport.Build(set, run.Model, run.Baselines, extra));
                }
            }
            finally
            {
                (pfn as IDisposable)?.Dispose();
            }
            return Task.FromResult(CliApp.Ok);
        });
        return command;
    }

    /// <summary>
    /// The model's forecaster under <c>--calibration</c>: <c>none</c> = raw; <c>online</c> = k-fold by run over the input
    /// (each run calibrated on the other folds' runs); FILE = fitted on past curves (or loaded); both stack.
    /// </summary>
    private static (ICurveExtrapolator? Model, string Used) Calibrate(string[]? tokens, ICurveExtrapolator? pfn, EvaluationSet set, CurveReadOptions read, EvaluationMetric metric, string? savePath, TextWriter log, CancellationToken ct)
    {
        if (pfn is null) return (null, CalibrationCli.None);
        if (CalibrationCli.Files(tokens).Any(f => !f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !Directory.Exists(f)) && (metric.Lower != 0 || metric.Upper != 1))
            throw new InvalidInputException("--calibration with curve files reads them with --scale and --minimize only; drop --lower/--upper (scale the metric into [0, 1] with --scale) or pass a calibration JSON.");
        var offline = CalibrationCli.Offline(tokens, pfn, read.Scale, log, ct, metric.Minimize, read.Schedule);
        CalibrationCli.Save(offline, savePath, log);
        ICurveExtrapolator model = offline is null ? pfn : new CalibratedExtrapolator(pfn, offline);
        string used = offline?.Describe() ?? CalibrationCli.None;
        if (CalibrationCli.WantsOnline(tokens))
        {
            var folds = KFoldCalibration.Fit(model, set.Curves, set.Cutoffs, cancellationToken: ct);
            model = new CalibratedExtrapolator(model, folds.For);
            used = offline is null ? $"online ({KFoldCalibration.DefaultFolds}-fold by run)" : $"online ({KFoldCalibration.DefaultFolds}-fold by run) + {used}";
        }
        log.WriteLine($"calibration: {used}");
        return (model, used);
    }

    /// <summary>Prints the first skipped curves and a count per reason to stderr.</summary>
    internal static void ReportSkipped(TextWriter stderr, EvaluationSet set)
    {
        foreach (var s in set.Skipped.Take(SkippedLinesShown)) stderr.WriteLine($"skipped: {s}");
        if (set.Skipped.Count > SkippedLinesShown) stderr.WriteLine($"skipped: ... and {set.Skipped.Count - SkippedLinesShown} more");
        foreach (var (reason, count) in set.SkippedByReason) stderr.WriteLine($"skipped {count} curve(s): {reason}");
    }
}
