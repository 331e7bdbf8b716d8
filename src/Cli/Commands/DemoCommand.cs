using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LcPfn.Cli.Plotting;
using LcPfn.EarlyStop;
using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.Replay;
using LcPfn.Prior;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;
using LcPfn.Prior.Schedules;
using LcPfn.Transformer.Runtime;

namespace LcPfn.Cli.Commands;

/// <summary>
/// <c>lcpfn demo</c>: the main job on the built-in defaults. The shipped model forecasts the shipped sample curves
/// (or <c>--input</c> files), the early-stopping service replays them as a study (<see cref="ReplaySimulator"/>, the
/// same <see cref="EarlyStop.State.StudyState"/> bookkeeping as the embedded callback), and the command prints
/// runs, stopped, epochs used versus full, speed-up and regret, then writes fan charts and the replay chart to
/// <c>--out</c>. To stay well under a minute on two cores it replays a seeded subsample of runs (<c>--runs</c>) and
/// checks every 5 % of the horizon (<c>--check-interval</c>).
/// </summary>
internal sealed class DemoCommand : ICliCommand
{
    /// <summary>The default number of runs replayed: 48.</summary>
    public const int DefaultRuns = 48;

    /// <summary>The default number of arrival orders averaged: 5.</summary>
    public const int DefaultOrders = 5;

    /// <summary>The default number of fan charts written: 4.</summary>
    public const int DefaultCharts = 4;

    /// <summary>The default output folder: <c>demo-out</c>.</summary>
    public const string DefaultOut = "demo-out";

    /// <summary>Checks fall every horizon / 20 epochs (5 % of the horizon) unless <c>--check-interval</c> says otherwise.</summary>
    public const int ChecksPerHorizon = 20;

    public string? Group => null;

    public Command Create()
    {
        var json = CommonOptions.Json();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var model = DemoSources.ModelOption();
        var baseline = Forecasters.Option("What forecasts");
        var input = new Option<string[]>("--input")
        {
            Description = "Curve files to replay instead of the shipped NAS-Bench-201 curves (data/curves/nb201, read with --scale 0.01 --schedule cosine): curve tables (.parquet/.csv) or wide .csv files.",
            AllowMultipleArgumentsPerToken = true,
        };
        var scale = DemoSources.ScaleOption();
        var schedule = CommonOptions.Schedule();
        var runs = new Option<int>("--runs")
        {
            Description = "Replay a seeded subsample of this many runs (spread over the studies), to keep the demo fast; 0 = all.",
            DefaultValueFactory = _ => DefaultRuns,
            Validators = { r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--runs must be 0 (all) or positive."); } },
        };
        var orders = new Option<int>("--orders")
        {
            Description = "Random arrival orders averaged (forecasts are computed once, so more orders cost little).",
            DefaultValueFactory = _ => DefaultOrders,
        };
        var seed = new Option<ulong>("--seed") { Description = "Seeds the subsample and the arrival orders.", DefaultValueFactory = _ => 0UL };
        var threshold = new Option<double>("--threshold")
        {
            Description = "Stop a run when P(final better than the best so far) is below this.",
            DefaultValueFactory = _ => StopRuleDefaults.Threshold,
        };
        var checkEvery = new Option<int>("--check-interval")
        {
            Description = "Decide every this many epochs after the first decision (0 = 5 % of the horizon).",
            DefaultValueFactory = _ => 0,
            Validators = { r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--check-interval must be 0 (auto) or positive."); } },
        };
        var charts = new Option<int>("--charts")
        {
            Description = "Fan charts to write (stopped runs first, then the winner).",
            DefaultValueFactory = _ => DefaultCharts,
            Validators = { r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--charts must be 0 or positive."); } },
        };
        var output = new Option<string>("--out") { Description = "Folder for the charts.", DefaultValueFactory = _ => DefaultOut };

        var command = new Command("demo",
            "The main job on the built-in defaults: the shipped model extrapolates the shipped sample curves, the early-stopping "
            + "service replays them as a study, and a summary plus fan charts and a replay chart are written to --out.")
        {
            json, device, threads, model, baseline, input, scale, schedule, runs, orders, seed, threshold, checkEvery, charts, output,
        };
        command.AddOldName(baseline, "--baseline");
        command.AddOldName(checkEvery, "--check-every");
        command.SetAction((parse, ct) =>
        {
            var settings = new DemoSettings
            {
                Json = parse.GetValue(json),
                Device = parse.GetValue(device),
                Threads = parse.GetValue(threads),
                Model = parse.GetValue(model),
                Baseline = parse.GetValue(baseline),
                Inputs = parse.GetValue(input) ?? [],
                Scale = parse.GetValue(scale),
                Schedule = CommonOptions.ParseSchedule(parse.GetValue(schedule)),
                Runs = parse.GetValue(runs),
                Orders = parse.GetValue(orders),
                Seed = parse.GetValue(seed),
                Threshold = parse.GetValue(threshold),
                CheckEvery = parse.GetValue(checkEvery),
                Charts = parse.GetValue(charts),
                Out = parse.GetValue(output) ?? DefaultOut,
            };
            return Task.FromResult(Run(settings, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        });
        return command;
    }

    private static int Run(DemoSettings settings, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var log = settings.Json ? stderr : stdout;
        var clock = Stopwatch.StartNew();
        if (settings.Inputs.Length == 0 && DemoSources.ShippedRealCurves() is { } real)
            settings = settings with { Inputs = [real], Scale = DemoSources.ShippedRealCurvesScale, Schedule = settings.Schedule ?? LearningRateSchedule.Cosine };
        DemoSources.CheckScale(settings.Scale);

        var (curves, curveSource) = DemoSources.LoadDemoCurves(settings.Inputs, settings.Scale, log, settings.Schedule);
        var studies = Subsample(curves, settings.Runs, settings.Seed);
        if (DemoSources.CheckUnitRange(studies.SelectMany(s => s.Runs), settings.Scale) is > 0 and var clipped)
            log.WriteLine(DemoSources.ClippedNote(clipped));
        int horizon = studies.SelectMany(s => s.Runs).Max(r => r.Horizon);
        int totalRuns = studies.Sum(s => s.Runs.Count);

        using var source = Forecasters.Open(settings.Baseline, settings.Model, settings.Device, settings.Threads);
        var rule = new StopRuleOptions
        {
            Threshold = settings.Threshold,
            MinEpochs = Math.Min(StopRuleDefaults.MinEpochs, Math.Max(1, horizon - 1)),
            CheckInterval = settings.CheckEvery > 0 ? settings.CheckEvery : Math.Max(1, horizon / ChecksPerHorizon),
        };
        log.WriteLine($"LcPfn demo: {source.Description}");
        log.WriteLine($"curves: {curveSource}; replaying {totalRuns} of {curves.Count} runs in {studies.Count} {(studies.Count == 1 ? "study" : "studies")}, {settings.Orders} arrival orders");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rule: stop when P(final > best so far) < {rule.Threshold}, decisions from epoch {rule.MinEpochs} every {rule.CheckInterval} epochs"));

        // The study calibrates its forecasts on its own finished runs, as replay does by default (docs/early-stopping.md).
        var predictive = new PredictiveStoppingPolicy(source.Extrapolator, rule).WithCalibration(LcPfn.EarlyStop.Calibration.CalibrationSettings.OnlineOnly);
        log.WriteLine("calibration: online (the study's finished runs calibrate later decisions)");
        // The replay engine batches and caches the forecasts (BatchedForecastPolicy): only those an order reads, each once.
        var result = ReplaySimulator.Run(studies, predictive, new ReplayOptions
        {
            Orders = settings.Orders,
            Seed = settings.Seed,
            Scale = settings.Scale,
        }, ct);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replayed in {clock.Elapsed.TotalSeconds:0.0} s ({result.Forecasts} forecasts)"));

        Directory.CreateDirectory(settings.Out);
        var written = new List<string>();
        foreach (var (trace, run) in PickChartRuns(studies, result, settings.Charts))
        {
            ct.ThrowIfCancellationRequested();
            int cutoff = trace.Stopped ? trace.EpochsTrained : DemoSources.DefaultCutoff(run, rule);
            var data = FanChart.Predict(source.Extrapolator, run, cutoff, settings.Scale, ct);
            data = trace.Stopped
                ? data with
                {
                    StopEpoch = trace.EpochsTrained,
                    BestSoFar = trace.Decision.Reference / settings.Scale,
                    Note = StopNote(trace.Decision, rule),
                }
                : data with { Note = "not stopped: trained to its horizon" };
            string path = Path.Combine(settings.Out, $"fan-{DemoSources.FileSafe(run.Study)}-{DemoSources.FileSafe(run.RunId)}.png");
            FanChart.Save(path, data);
            written.Add(path);
        }
        string replayPath = Path.Combine(settings.Out, "replay.png");
        ReplayChart.Save(replayPath, studies, result, [], null, settings.Scale);
        written.Add(replayPath);

        double seconds = clock.Elapsed.TotalSeconds;
        if (settings.Json)
        {
            JsonOutput.Write(stdout, ReplayReport.From(result), new
            {
                Model = source.Name,
                Input = settings.Inputs,
                Schedule = settings.Schedule?.ToString(),
                Seconds = seconds,
                Charts = written,
            });
        }
        else
        {
            PrintTable(stdout, result, settings.Scale, seconds);
            stdout.WriteLine($"charts in {Path.GetFullPath(settings.Out)}: {string.Join(", ", written.Select(Path.GetFileName))}");
        }
        return CliApp.Ok;
    }

    /// <summary>Keeps a seeded subsample of complete runs, spread over the studies in proportion to their size.</summary>
    private static List<ReplayStudy> Subsample(IReadOnlyList<LearningCurve> curves, int runs, ulong seed)
    {
        var complete = curves.Where(c => c.IsComplete && c.Horizon >= 2).ToList();
        if (complete.Count == 0)
            throw new InvalidInputException("No complete curve to replay: the demo needs runs observed at every epoch up to their horizon.");
        var groups = complete.GroupBy(c => c.Study, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var studies = new List<ReplayStudy>();
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        foreach (var group in groups)
        {
            var list = group.ToList();
            int keep = runs <= 0 || complete.Count <= runs
                ? list.Count
                : Math.Clamp((int)Math.Round((double)runs * list.Count / complete.Count), Math.Min(2, list.Count), list.Count);
            var chosen = Enumerable.Range(0, list.Count).OrderBy(_ => random.Next()).Take(keep).Order().Select(i => list[i]).ToList();
            studies.Add(new ReplayStudy(group.Key, chosen));
        }
        return studies;
    }

    /// <summary>The runs to chart: stopped runs of the first order (earliest stop first), then the study's winner.</summary>
    private static IEnumerable<(ReplayRunTrace Trace, LearningCurve Run)> PickChartRuns(List<ReplayStudy> studies, ReplayResult result, int count)
    {
        if (count == 0) yield break;
        var runs = studies.SelectMany(s => s.Runs.Select(r => (Key: (s.Name, r.RunId), Run: r))).ToDictionary(x => x.Key, x => x.Run);
        var stopped = result.FirstOrder.Where(t => t.Stopped).OrderBy(t => t.EpochsTrained).ToList();
        var completed = result.FirstOrder.Where(t => !t.Stopped).OrderByDescending(t => runs[(t.Study, t.RunId)].Values[^1]).ToList();
        int stoppedCharts = completed.Count > 0 ? Math.Min(stopped.Count, count - 1) : Math.Min(stopped.Count, count);
        // Spread the stopped runs over the range of stop epochs: early, middle, late.
        var picks = new List<ReplayRunTrace>();
        for (int i = 0; i < stoppedCharts; i++)
            picks.Add(stopped[stoppedCharts == 1 ? 0 : (int)Math.Round(i * (stopped.Count - 1.0) / (stoppedCharts - 1))]);
        picks.AddRange(completed.Take(count - picks.Count));
        foreach (var trace in picks.Distinct())
            yield return (trace, runs[(trace.Study, trace.RunId)]);
    }

    private static string StopNote(StopDecision decision, StopRuleOptions rule) =>
        decision.ProbabilityOfImprovement is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"P(final > best so far) = {p:0.000} < threshold {rule.Threshold}")
            : decision.Reason;

    private static void PrintTable(TextWriter stdout, ReplayResult result, double scale, double seconds)
    {
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine();
        stdout.WriteLine(string.Create(c, $"  {"runs",-9}{result.Runs,12}"));
        stdout.WriteLine(string.Create(c, $"  {"stopped",-9}{result.Stopped,12:0.#}   (mean over {result.Orders} arrival orders)"));
        stdout.WriteLine(string.Create(c, $"  {"epochs",-9}{result.EpochsUsed,12:#,0} used of {result.EpochsFull:#,0} ({100 * result.EpochsUsed / Math.Max(1, result.EpochsFull):0.#} %)"));
        stdout.WriteLine(string.Create(c, $"  {"speedup",-9}{result.Speedup,11:0.00}x"));
        string units = scale == 1 ? "file units" : $"file units; read with --scale {scale}";
        stdout.WriteLine(string.Create(c, $"  {"regret",-9}{result.Regret,12:0.####}   (best final without stopping minus best found, {units}; worst {result.MaxRegret:0.####})"));
        stdout.WriteLine(string.Create(c, $"  {"time",-9}{seconds,10:0.0} s"));
        stdout.WriteLine();
    }

    private sealed record DemoSettings
    {
        public bool Json { get; init; }
        public ComputeDevice Device { get; init; }
        public int Threads { get; init; }
        public string? Model { get; init; }
        public string? Baseline { get; init; }
        public required string[] Inputs { get; init; }
        public double Scale { get; init; }
        public LearningRateSchedule? Schedule { get; init; }
        public int Runs { get; init; }
        public int Orders { get; init; }
        public ulong Seed { get; init; }
        public double Threshold { get; init; }
        public int CheckEvery { get; init; }
        public int Charts { get; init; }
        public required string Out { get; init; }
    }
}

/// <summary>
/// Where the demo and <c>lcpfn plot</c> get their model and curves: the shipped default model (or <c>--model</c>, or a
/// <c>--extrapolator</c>), the shipped sample curves in <c>data/curves/</c> (or <c>--input</c>).
/// </summary>
internal static class DemoSources
{
    /// <summary>The folder of the shipped sample curves, relative to the repository root.</summary>
    public const string CurvesFolder = "data/curves";

    /// <summary>The shipped real curves (NAS-Bench-201, percent, cosine schedule), relative to <see cref="CurvesFolder"/>.</summary>
    public const string ShippedRealCurvesFile = "nb201/nb201_cifar10-valid_hp200_valid_acc.csv";

    /// <summary>The scale of <see cref="ShippedRealCurvesFile"/> (percent to fractions).</summary>
    public const double ShippedRealCurvesScale = 0.01;

    /// <summary>The shipped real curves' path, or null when they are not found.</summary>
    public static string? ShippedRealCurves() =>
        SampleCurvesDirectory() is { } folder && File.Exists(Path.Combine(folder, ShippedRealCurvesFile)) ? Path.Combine(folder, ShippedRealCurvesFile) : null;

    /// <summary>The shipped default model, relative to the repository root.</summary>
    public const string ModelFolder = "data/models/default";


    public static Option<string?> ModelOption() => new("--model")
    {
        Description = "Model folder (model.json + model.dat); default: the shipped model in data/models/default.",
    };

    public static Option<double> ScaleOption() => new("--scale")
    {
        Description = "Multiply the file's values by this to get fractions in [0, 1] (0.01 for percent). Charts show file units.",
        DefaultValueFactory = _ => 1.0,
    };

    public static void CheckScale(double scale)
    {
        if (!(scale > 0) || !double.IsFinite(scale))
            throw new InvalidInputException($"--scale must be positive and finite; was {scale.ToString(CultureInfo.InvariantCulture)}.");
    }

    /// <summary>The shipped sample curves: the first <c>data/curves</c> at or above the working directory, then the app's folder.</summary>
    public static string? SampleCurvesDirectory()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, CurvesFolder);
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>
    /// The demo's curves: the <c>--input</c> files, else every curve file in the shipped <c>data/curves/</c> (prior samples,
    /// whose noisy values may leave [0, 1] slightly: they are clipped to it, as a bounded metric would be).
    /// </summary>
    /// <exception cref="InvalidInputException">No input was given and no sample curves are shipped.</exception>
    public static (IReadOnlyList<LearningCurve> Curves, string Description) LoadDemoCurves(string[] inputs, double scale, TextWriter log, LearningRateSchedule? schedule = null)
    {
        if (inputs.Length > 0)
            return (Read(inputs, scale, log, schedule), string.Join(", ", inputs.Select(Path.GetFileName)) + (scale != 1 ? $" (scale {scale.ToString(CultureInfo.InvariantCulture)})" : "")
                + (schedule is null ? "" : $", schedule {schedule}"));

        string? folder = SampleCurvesDirectory();
        var files = folder is null
            ? []
            : Directory.EnumerateFiles(folder).Where(f => f.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
            throw new InvalidInputException($"No sample curves found in {CurvesFolder}/ (run from the repository); pass --input FILE... with curve files.");
        var curves = Read(files, scale, log)
            .Select(c => c with { Values = [.. c.Values.Select(v => Math.Clamp(v, 0.0, 1.0))] })
            .ToList();
        return (curves, $"{CurvesFolder}/ ({string.Join(", ", files.Select(Path.GetFileName))}; values clipped to [0, 1])");
    }

    /// <summary>Reads curve files, printing how many runs were rejected and why (first few).</summary>
    public static IReadOnlyList<LearningCurve> Read(IEnumerable<string> paths, double scale, TextWriter log, LearningRateSchedule? schedule = null)
    {
        var result = CurveFileReader.ReadMany(paths, new CurveReadOptions { Scale = scale, Schedule = schedule });
        RejectionLog.Write(log, result.Rejected);
        if (result.Curves.Count == 0)
            throw new InvalidInputException($"No usable curve in {string.Join(", ", paths)}.");
        return result.Curves;
    }

    /// <summary>
    /// Applies the one bounds rule (<see cref="MetricBounds"/>) to the model's range [0, 1]: a value just outside is
    /// clipped in place and counted (the count is returned); a value farther out throws, naming the run, study and
    /// epoch. It suggests
    /// <c>--scale 0.01</c> only when that is right: no scale was given and the values look like percent (all in
    /// [0, 100], the largest above <see cref="PercentEvidence"/>); a value just above 1 (noise) is not percent.
    /// </summary>
    public static int CheckUnitRange(IEnumerable<LearningCurve> curves, double scale)
    {
        var all = curves as IReadOnlyCollection<LearningCurve> ?? curves.ToList();
        int clippedCount = 0;
        foreach (var curve in all)
        {
            for (int i = 0; i < curve.Count; i++)
            {
                double v = curve.Values[i];
                if (MetricBounds.Clip(v, 0, 1, out bool clipped) is { } inBounds)
                {
                    if (clipped)
                    {
                        curve.Values[i] = inBounds;
                        clippedCount++;
                    }
                }
                else
                {
                    throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                        $"{RejectionReasons.ValueOutOfBounds}: Run '{curve.RunId}' (study {curve.Study}), epoch {curve.Epochs[i]}: value {v / scale} is outside [0, 1] after --scale {scale} by more than the {MetricBounds.Tolerance:P0} tolerance; {UnitRangeAdvice(all, scale)}"));
                }
            }
        }
        return clippedCount;
    }

    /// <summary>The line that reports values clipped by <see cref="CheckUnitRange"/>.</summary>
    public static string ClippedNote(int clipped) => string.Create(CultureInfo.InvariantCulture,
        $"{clipped} value(s) just outside [0, 1] (by at most {MetricBounds.Tolerance:P0}) clipped to the bound");

    /// <summary>The largest value that still reads as a fraction with noise rather than as percent.</summary>
    public const double PercentEvidence = 1.5;

    private static string UnitRangeAdvice(IReadOnlyCollection<LearningCurve> curves, double scale)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var curve in curves)
            foreach (var v in curve.Values)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        return scale == 1 && min >= 0 && max > PercentEvidence && max <= 100
            ? "the model works on fractions, so pass --scale 0.01 for values in percent."
            : "the model works on values in [0, 1]: normalise the metric (--scale).";
    }

    /// <summary>Where a chart of a run that was not stopped starts its forecast: a quarter of the horizon (at least the first decision epoch).</summary>
    public static int DefaultCutoff(LearningCurve run, StopRuleOptions rule) =>
        Math.Clamp(Math.Max(rule.MinEpochs, run.Horizon / 4), 1, Math.Max(1, run.Horizon - 1));

    /// <summary>A file-name-safe form of an id.</summary>
    public static string FileSafe(string id) =>
        new([.. id.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_')]);
}
