using System.CommandLine;
using System.Globalization;
using LcPfn.Cli.Plotting;
using LcPfn.EarlyStop;
using LcPfn.Prior;
using LcPfn.Prior.Data;

namespace LcPfn.Cli.Commands;

/// <summary>
/// <c>lcpfn plot</c>: the fan chart of one run (<see cref="FanChart"/>): what it observed up to the cutoff, the
/// predictive median and the 50 % and 90 % bands of every later epoch up to its horizon, and the actual values after
/// the cutoff where the file holds them.
/// </summary>
internal sealed class PlotCommand : ICliCommand
{
    public string? Group => null;

    public Command Create()
    {
        var schedule = CommonOptions.Schedule();
        var json = CommonOptions.Json();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var model = DemoSources.ModelOption();
        var baseline = Forecasters.Option("What forecasts");
        var input = new Option<string>("--input") { Description = "The curve file holding the run (curve table .parquet/.csv or wide .csv).", Required = true };
        var run = new Option<string>("--run") { Description = "The run's id (run_id, or the wide CSV's id column).", Required = true };
        var study = new Option<string?>("--study") { Description = "The run's study, when the id occurs in several studies." };
        var cutoff = new Option<int?>("--cutoff")
        {
            Description = "Forecast from the observations up to this epoch (default: the last observed epoch of a partial run, "
                + "a quarter of the horizon for a complete one).",
        };
        var best = new Option<double?>("--best") { Description = "Draw the study's best value so far (file units) as a reference line." };
        var scale = DemoSources.ScaleOption();
        var output = new Option<string>("--out") { Description = "The PNG to write.", Required = true };
        var calibration = CalibrationCli.Option(CalibrationCli.None);
        var command = new Command("plot", "A fan chart of one run: its predictive quantiles (median, 50 % and 90 % bands) over the observed curve.")
        {
            schedule, json, device, threads, model, baseline, input, run, study, cutoff, best, scale, output, calibration,
        };
        command.AddOldName(baseline, "--baseline");
        command.SetAction((parse, ct) =>
        {
            double scaleValue = parse.GetValue(scale);
            DemoSources.CheckScale(scaleValue);
            string inputPath = parse.GetValue(input)!;
            string runId = parse.GetValue(run)!;
            string? studyName = parse.GetValue(study);
            string outPath = OutputPaths.PrepareFile(parse.GetValue(output)!, "--out", ".png");
            var log = parse.GetValue(json) ? parse.InvocationConfiguration.Error : parse.InvocationConfiguration.Output;

            var curve = FindRun(DemoSources.Read([inputPath], scaleValue, log, CommonOptions.ParseSchedule(parse.GetValue(schedule))), inputPath, runId, studyName);
            int cut = parse.GetValue(cutoff) ?? (curve.IsComplete ? DemoSources.DefaultCutoff(curve, new StopRuleOptions()) : curve.Epochs[^1]);
            using var source = Forecasters.Open(parse.GetValue(baseline), parse.GetValue(model), parse.GetValue(device), parse.GetValue(threads));
            var (calibrated, calibrationUsed) = CalibrationCli.Wrap(parse.GetValue(calibration), source.Extrapolator, scaleValue, log, ct, CommonOptions.ParseSchedule(parse.GetValue(schedule)));
            var data = FanChart.Predict(calibrated, curve, cut, scaleValue, ct) with
            {
                BestSoFar = parse.GetValue(best),
                Note = $"{curve.Count} of {curve.Horizon} epochs in {Path.GetFileName(inputPath)}",
            };
            FanChart.Save(outPath, data);

            string full = Path.GetFullPath(outPath);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(parse.InvocationConfiguration.Output, new
                {
                    Path = full,
                    RunId = curve.RunId,
                    Study = curve.Study,
                    Cutoff = cut,
                    Horizon = curve.Horizon,
                    Model = source.Name,
                    Calibration = calibrationUsed,
                    FinalMedian = data.Median.Length > 0 ? data.Median[^1] : (double?)null,
                    FinalQ05 = data.Q05.Length > 0 ? data.Q05[^1] : (double?)null,
                    FinalQ95 = data.Q95.Length > 0 ? data.Q95[^1] : (double?)null,
                });
            }
            else
            {
                log.WriteLine(source.Description);
                if (data.Median.Length > 0)
                {
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"run {curve.RunId}: from epoch {cut}, epoch {curve.Horizon} is predicted at median {data.Median[^1]:0.####} [{data.Q05[^1]:0.####}, {data.Q95[^1]:0.####}] (5-95 %)"));
                }
                log.WriteLine($"wrote {full}");
            }
            return Task.FromResult(CliApp.Ok);
        });
        return command;
    }

    private static LearningCurve FindRun(IReadOnlyList<LearningCurve> curves, string file, string runId, string? study)
    {
        var matches = curves.Where(c => c.RunId == runId && (study is null || c.Study == study)).ToList();
        if (matches.Count == 1) return matches[0];
        if (matches.Count > 1)
        {
            throw new InvalidInputException(
                $"Run '{runId}' occurs in {matches.Count} studies of {file} ({string.Join(", ", matches.Select(m => m.Study))}); pass --study.");
        }
        var examples = string.Join(", ", curves.Take(5).Select(c => c.RunId));
        throw new InvalidInputException($"{file} has no run '{runId}'{(study is null ? "" : $" in study '{study}'")}; its runs include {examples}.");
    }
}
