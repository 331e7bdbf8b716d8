using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LcPfn.Cli.Plotting;
using LcPfn.EarlyStop;
using LcPfn.EarlyStop.Calibration;
using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.Replay;
using LcPfn.Prior;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;
using LcPfn.Transformer.Runtime;

namespace LcPfn.Cli.Commands;

/// <summary>
/// <c>lcpfn replay</c>: simulates studies on recorded curves. Runs arrive in K seeded random orders, each trains epoch by
/// epoch unless the policy stops it; prints the speed-up and the regret against training every run to the end.
/// </summary>
internal sealed class ReplayCommand : ICliCommand
{
    private static readonly double[] ThresholdSweep = [0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2];
    private static readonly double[] PercentileSweep = [10, 25, 50, 75];
    private static readonly int[] MinResourceSweep = [1, 3, 9, 27];
    private static readonly int[] PatienceSweep = [5, 10, 20, 40];

    /// <summary>The default of <c>--calibration</c>.</summary>
    internal const string DefaultCalibration = CalibrationCli.Online;

    public string? Group => null;

    public Command Create()
    {
        var input = new Option<string[]>("--input") { Description = "Curve files (wide CSV, long CSV or Parquet); several files form one set.", Required = true, AllowMultipleArgumentsPerToken = true };
        var scale = new Option<double>("--scale") { Description = "Multiply values by this on reading (0.01 for percent). Regret is reported in the file's units.", DefaultValueFactory = _ => 1.0 };
        var policy = new Option<string>("--policy") { Description = "lcpfn, median, asha, patience or none.", DefaultValueFactory = _ => StopRule.PolicyName };
        policy.AcceptOnlyFromAmong(StopRule.PolicyName, MedianStoppingPolicy.PolicyName, AshaStoppingPolicy.PolicyName, PatienceStoppingPolicy.PolicyName, NoStoppingPolicy.PolicyName);
        var model = new Option<string?>("--model") { Description = "The PFN model folder for --policy lcpfn (default: the shipped model)." };
        var extrapolator = Forecasters.Option("What forecasts for --policy lcpfn");
        var seed = new Option<ulong>("--seed") { Description = "Seeds the arrival orders and --max-runs subsampling.", DefaultValueFactory = _ => 0UL };
        var orders = new Option<int>("--orders") { Description = "Random arrival orders to average.", DefaultValueFactory = _ => ReplayOptions.DefaultOrders };
        var threshold = new Option<double>("--threshold") { Description = "lcpfn: stop when P(final better than best) is below this.", DefaultValueFactory = _ => StopRuleDefaults.Threshold };
        var minEpochs = new Option<int>("--min-epochs") { Description = "First decision at this epoch (lcpfn, median, patience); 0 = auto: ceil(horizon/40).", DefaultValueFactory = _ => 0 };
        var checkInterval = new Option<int>("--check-interval") { Description = "Epochs between decisions (lcpfn, median); 0 = auto: ceil(horizon/40).", DefaultValueFactory = _ => 0 };
        var minimize = new Option<bool>("--minimize") { Description = "Smaller values are better (losses); bounds stay [0, 1] after --scale." };
        var patience = new Option<int>("--patience") { Description = "patience: epochs without improvement before stopping.", DefaultValueFactory = _ => PatienceStoppingPolicy.DefaultPatience };
        var minResource = new Option<int>("--min-resource") { Description = "asha: the first rung's epoch (rungs at r·3^k).", DefaultValueFactory = _ => AshaStoppingPolicy.DefaultMinResource };
        var percentile = new Option<double>("--percentile") { Description = "median: the percentile of completed runs a run must reach (50 = median).", DefaultValueFactory = _ => MedianStoppingPolicy.DefaultPercentile };
        var sweep = new Option<bool>("--sweep") { Description = "Also replay a range of the policy's knob (lcpfn: threshold; median: percentile; asha: min resource; patience: patience) for a speed-up/regret frontier." };
        var maxRuns = new Option<int>("--max-runs") { Description = "Replay a seeded random subsample of at most N runs per study (0 = all).", DefaultValueFactory = _ => 0 };
        var plot = new Option<string?>("--out") { Description = "Write a PNG (a missing folder is created): each run's curve and where it stopped (first order), plus the frontier with --sweep." };
        var schedule = CommonOptions.Schedule();
        var calibration = CalibrationCli.Option(DefaultCalibration);
        var saveCalibration = CalibrationCli.SaveOption();
        var calibrationCoverage = new Option<double>("--calibration-coverage") { Description = "Online calibration: the central-interval coverage its split-conformal scale aims at (0.9 calibrates the 5-95 % band; higher is more cautious).", DefaultValueFactory = _ => CalibrationOptions.DefaultCoverage };
        var calibrationMinRuns = new Option<int>("--calibration-min-runs") { Description = "Online calibration: a cutoff bin with pairs from fewer finished runs pools its neighbours' pairs.", DefaultValueFactory = _ => CalibrationOptions.DefaultMinRunsPerBin };
        var json = CommonOptions.Json();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();

        var command = new Command("replay", "Simulate studies on recorded curves: runs arrive in random orders and train epoch by epoch unless the policy stops them; report speed-up and regret.")
        {
            input, scale, policy, model, extrapolator, seed, orders, threshold, minEpochs, checkInterval, minimize, patience, minResource, percentile, sweep, maxRuns, plot, calibration, saveCalibration, calibrationCoverage, calibrationMinRuns, schedule, json, device, threads,
        };
        command.AddOldName(plot, "--plot");
        command.SetAction((parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            bool asJson = parse.GetValue(json);
            var human = asJson ? stderr : stdout;
            var clock = Stopwatch.StartNew();

            double scaleValue = parse.GetValue(scale);
            var read = CurveFileReader.ReadMany(parse.GetValue(input)!, new CurveReadOptions { Scale = scaleValue, Schedule = CommonOptions.ParseSchedule(parse.GetValue(schedule)) });
            RejectionLog.Write(stderr, read.Rejected);
            // Before any simulation: a value outside the model's [0, 1] fails here naming the file's run, epoch and
            // value (exit 2), not inside a replay order with its internal id.
            if (DemoSources.CheckUnitRange(read.Curves, scaleValue) is > 0 and var clipped)
                stderr.WriteLine(DemoSources.ClippedNote(clipped));
            ulong seedValue = parse.GetValue(seed);
            var studies = Studies(read.Curves, parse.GetValue(maxRuns), seedValue);
            int horizon = studies.Max(s => s.Runs.Max(r => r.Horizon));
            int auto = (int)Math.Ceiling(horizon / 40.0);
            var rule = new StopRuleOptions
            {
                Threshold = parse.GetValue(threshold),
                MinEpochs = parse.GetValue(minEpochs) is > 0 and var m ? m : auto,
                CheckInterval = parse.GetValue(checkInterval) is > 0 and var c ? c : auto,
                Direction = parse.GetValue(minimize) ? MetricDirection.Minimize : MetricDirection.Maximize,
            }.Validate();
            string policyName = parse.GetValue(policy)!;
            human.WriteLine($"replay: {studies.Sum(s => s.Runs.Count)} runs in {studies.Count} studies, horizon {horizon}, policy {policyName}, "
                + $"first decision at epoch {rule.MinEpochs}, then every {rule.CheckInterval}");

            // A replay forecasts tens of thousands of prefixes: bound LibTorch's heap as extrapolate does (docs/performance.md).
            if (policyName == StopRule.PolicyName && parse.GetValue(extrapolator) is null or Forecasters.PfnName) TorchRuntime.BoundNativeHeap();
            using var disposable = policyName == StopRule.PolicyName
                ? Forecasters.Open(parse.GetValue(extrapolator), parse.GetValue(model), parse.GetValue(device), parse.GetValue(threads))
                : null;
            var settings = new Knobs(rule, parse.GetValue(patience), parse.GetValue(minResource), parse.GetValue(percentile));
            var main = CreatePolicy(policyName, settings, disposable?.Extrapolator);
            string calibrationUsed = "none";
            if (main is PredictiveStoppingPolicy predictive)
            {
                var calibrationSettings = CalibrationCli.Settings(parse.GetValue(calibration), disposable?.Extrapolator, scaleValue, human, ct, rule.Direction == MetricDirection.Minimize, CommonOptions.ParseSchedule(parse.GetValue(schedule))) with
                {
                    OnlineOptions = new CalibrationOptions { Coverage = parse.GetValue(calibrationCoverage), MinRunsPerBin = parse.GetValue(calibrationMinRuns) }.Validate(),
                };
                CalibrationCli.Save(calibrationSettings.Offline, parse.GetValue(saveCalibration), human);
                main = predictive.WithCalibration(calibrationSettings);
                calibrationUsed = calibrationSettings.Describe();
                human.WriteLine($"calibration: {calibrationUsed}");
            }
            var options = new ReplayOptions
            {
                Orders = parse.GetValue(orders), Seed = seedValue, Scale = scaleValue, Progress = new ProgressLines(stderr),
            }.Validate();

            var result = ReplaySimulator.Run(studies, main, options, ct);
            human.WriteLine(Line(policyName, result));
            if (result.Forecasts > 0)
            {
                human.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"forecasts: {result.Forecasts} in {result.ForecastBatches} batches ({result.PrefetchSeconds:0.0} s), at most {result.PeakCachedForecasts} held at once; simulation {result.SimulationSeconds:0.0} s"));
            }

            var frontier = new List<(string Knob, double Value, ReplayResult Result)>();
            if (parse.GetValue(sweep))
            {
                foreach (var (knob, value, swept) in SweepPolicies(policyName, settings, main))
                {
                    var r = ReplaySimulator.Run(studies, swept, options with { Progress = null }, ct);
                    frontier.Add((knob, value, r));
                    human.WriteLine($"  {knob} {value.ToString("G", CultureInfo.InvariantCulture),-6} {Line(policyName, r)}");
                }
            }

            string? plotPath = parse.GetValue(plot);
            if (plotPath is not null)
            {
                // The predictive rule's frontier is drawn beside ASHA's and the median rule's (cheap: no forecasts).
                var others = new List<(string Knob, IReadOnlyList<(double Value, ReplayResult Result)> Frontier)>();
                if (frontier.Count > 0 && main is PredictiveStoppingPolicy)
                {
                    foreach (var baseline in new IStoppingPolicy[] { new AshaStoppingPolicy(rule, settings.MinResource), new MedianStoppingPolicy(rule, percentile: settings.Percentile) })
                    {
                        var points = SweepPolicies(baseline.Name, settings, baseline)
                            .Select(b => (b.Value, ReplaySimulator.Run(studies, b.Policy, options with { Progress = null }, ct))).ToList();
                        others.Add((points.Count > 0 ? SweepPolicies(baseline.Name, settings, baseline).First().Knob : "", points));
                    }
                }
                ReplayChart.Save(plotPath, studies, result, frontier.Select(f => (f.Value, f.Result)).ToList(), frontier.FirstOrDefault().Knob, scaleValue, others);
                human.WriteLine($"plot written to {plotPath}");
            }

            if (asJson)
            {
                JsonOutput.Write(stdout, ReplayReport.From(result), new
                {
                    Policy = policyName,
                    Extrapolator = policyName == StopRule.PolicyName ? parse.GetValue(extrapolator) : null,
                    Calibration = calibrationUsed,
                    Threshold = rule.Threshold,
                    MinEpochs = rule.MinEpochs,
                    CheckInterval = rule.CheckInterval,
                    Seconds = clock.Elapsed.TotalSeconds,
                    result.PrefetchSeconds,
                    result.SimulationSeconds,
                    result.ForecastDecisions,
                    Plot = plotPath,
                    Sweep = frontier.Count == 0 ? null : frontier.Select(f => new { f.Knob, f.Value, f.Result.Speedup, f.Result.Regret, f.Result.Stopped, f.Result.RegretRate }).ToList(),
                });
            }
            return Task.FromResult(CliApp.Ok);
        });
        return command;
    }

    private static string Line(string policy, ReplayResult r) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{policy}: speedup {r.Speedup:0.00}x, regret {r.Regret:0.000} (max {r.MaxRegret:0.000}, {r.RegretRate:P0} of studies), stopped {r.Stopped:0.#} of {r.Runs}, epochs {r.EpochsUsed:0} of {r.EpochsFull}");

    /// <summary>Groups curves into studies by (study, horizon): runs only compete with runs of the same budget.</summary>
    private static List<ReplayStudy> Studies(IReadOnlyList<LearningCurve> curves, int maxRuns, ulong seed)
    {
        if (curves.Count == 0)
            throw new InvalidInputException("No complete curve to replay in the input.");
        if (maxRuns < 0)
            throw new InvalidInputException($"--max-runs must be 0 (all) or positive; was {maxRuns}");
        var groups = curves.GroupBy(c => (c.Study, c.Horizon)).OrderBy(g => g.Key.Study, StringComparer.Ordinal).ThenBy(g => g.Key.Horizon).ToList();
        var studies = new List<ReplayStudy>();
        for (int i = 0; i < groups.Count; i++)
        {
            var runs = groups[i].ToList();
            if (maxRuns > 0 && runs.Count > maxRuns)
            {
                // A seeded subsample, kept in file order (the stream is apart from the arrival orders': order index -1).
                var pick = ReplaySimulator.Shuffle(runs.Count, seed, i, -1).Take(maxRuns).Order().ToList();
                runs = pick.Select(k => runs[k]).ToList();
            }
            string name = groups.Count(g => g.Key.Study == groups[i].Key.Study) > 1 ? $"{groups[i].Key.Study}@{groups[i].Key.Horizon}" : groups[i].Key.Study;
            studies.Add(new ReplayStudy(name, runs));
        }
        return studies;
    }

    private sealed record Knobs(StopRuleOptions Rule, int Patience, int MinResource, double Percentile);

    private static IStoppingPolicy CreatePolicy(string name, Knobs k, ICurveExtrapolator? extrapolator) => name switch
    {
        StopRule.PolicyName => new PredictiveStoppingPolicy(extrapolator!, k.Rule),
        MedianStoppingPolicy.PolicyName => new MedianStoppingPolicy(k.Rule, percentile: k.Percentile),
        AshaStoppingPolicy.PolicyName => new AshaStoppingPolicy(k.Rule, k.MinResource),
        PatienceStoppingPolicy.PolicyName => new PatienceStoppingPolicy(k.Rule, k.Patience),
        _ => new NoStoppingPolicy(k.Rule),
    };

    private static IEnumerable<(string Knob, double Value, IStoppingPolicy Policy)> SweepPolicies(string name, Knobs k, IStoppingPolicy main)
    {
        switch (main)
        {
            case PredictiveStoppingPolicy predictive:
                foreach (double t in ThresholdSweep)
                    yield return ("threshold", t, predictive.WithRule(k.Rule with { Threshold = t }));
                break;
            case MedianStoppingPolicy:
                foreach (double p in PercentileSweep)
                    yield return ("percentile", p, new MedianStoppingPolicy(k.Rule, percentile: p));
                break;
            case AshaStoppingPolicy:
                foreach (int r in MinResourceSweep)
                    yield return ("min_resource", r, new AshaStoppingPolicy(k.Rule, r));
                break;
            case PatienceStoppingPolicy:
                foreach (int p in PatienceSweep)
                    yield return ("patience", p, new PatienceStoppingPolicy(k.Rule, p));
                break;
            default:
                _ = name;
                break;
        }
    }

    /// <summary>Plain progress lines (rate, ETA) on stderr, at most every 2 s.</summary>
    private sealed class ProgressLines(TextWriter writer) : IProgress<ReplayProgress>
    {
        private readonly Lock gate = new();
        private TimeSpan last = TimeSpan.FromSeconds(-10);
        private bool finished;

        public void Report(ReplayProgress value)
        {
            lock (gate)
            {
                bool done = value.Done >= value.Total;
                if (finished || (!done && value.Elapsed - last < TimeSpan.FromSeconds(2))) return;
                finished = done;
                last = value.Elapsed;
                double seconds = Math.Max(value.Elapsed.TotalSeconds, 1e-9);
                double rate = value.Done / seconds;
                double eta = rate > 0 ? (value.Total - value.Done) / rate : double.NaN;
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"runs replayed {value.Done}/{value.Total} ({100.0 * value.Done / Math.Max(1, value.Total):0}%), {rate:0} per s, ETA {eta:0} s"));
            }
        }
    }
}
