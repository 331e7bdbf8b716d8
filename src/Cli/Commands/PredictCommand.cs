using System.CommandLine;
using System.Globalization;
using LcPfn.Prior;
using LcPfn.Prior.Prediction;
using LcPfn.Transformer.Inference;

namespace LcPfn.Cli.Commands;

/// <summary><c>lcpfn predict</c>: the predictive distribution of one partial curve at the horizon (or at --at epochs).</summary>
internal sealed class PredictCommand : ICliCommand
{
    public string? Group => null;

    public Command Create()
    {
        var model = new Option<string?>("--model") { Description = $"Model folder (default: {ModelLocator.EnvironmentVariable} or data/models/default)." };
        var values = new Option<string>("--values") { Description = "Observed values, comma separated (in the metric's units).", Required = true };
        var epochs = new Option<string?>("--epochs") { Description = "Their epochs, comma separated (default 1, 2, …)." };
        var horizon = new Option<int>("--horizon") { Description = $"The run's final epoch, in [1, {HorizonLimit.Max}]; epoch e enters the model as e·100/horizon.", DefaultValueFactory = _ => 100 };
        var at = new Option<string?>("--at") { Description = "Epochs to predict, comma separated (default: the horizon)." };
        var best = new Option<double?>("--best") { Description = "Best final value so far: adds p_improve = P(final better than it)." };
        var minimize = new Option<bool>("--minimize") { Description = "Lower is better (losses, errors)." };
        var lower = new Option<double>("--lower") { Description = "Hard lower bound of the metric; use -inf for none.", DefaultValueFactory = _ => 0, CustomParser = ParseBound };
        var upper = new Option<double>("--upper") { Description = "Hard upper bound of the metric (e.g. 100 for percent); use inf for none.", DefaultValueFactory = _ => 1, CustomParser = ParseBound };
        var softLower = new Option<double?>("--soft-lower") { Description = "Lower end of the typical range (sigmoid warp; required with an open bound)." };
        var softUpper = new Option<double?>("--soft-upper") { Description = "Upper end of the typical range." };
        var schedule = CommonOptions.Schedule();
        var calibration = CalibrationCli.Option(CalibrationCli.None);
        var json = CommonOptions.Json();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var command = new Command("predict", "Predictive distribution (mean, median, 5/95 % quantiles, P(improve)) of one partial curve.")
        {
            model, values, epochs, horizon, at, best, minimize, lower, upper, softLower, softUpper, calibration, schedule, json, device, threads,
        };
        command.SetAction((parse, ct) =>
        {
            double[] observed = ParseList(parse.GetValue(values)!, "--values", double.Parse);
            int[] observedEpochs = parse.GetValue(epochs) is { } e ? ParseList(e, "--epochs", int.Parse) : [.. Enumerable.Range(1, observed.Length)];
            int h = parse.GetValue(horizon);
            HorizonLimit.Check(h, "--horizon");
            int[] queries = parse.GetValue(at) is { } a ? ParseList(a, "--at", int.Parse) : [h];
            var transform = new MetricTransform(new MetricTransformOptions
            {
                Minimize = parse.GetValue(minimize),
                Lower = parse.GetValue(lower),
                Upper = parse.GetValue(upper),
                SoftLower = parse.GetValue(softLower),
                SoftUpper = parse.GetValue(softUpper),
            });
            if (CheckBounds(observed, observedEpochs, transform.Lower, transform.Upper) is > 0 and var clipped)
                parse.InvocationConfiguration.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{clipped} value(s) just outside the bounds (by at most {LcPfn.EarlyStop.MetricBounds.Tolerance:P0} of their range) clipped to them"));
            string directory = parse.GetValue(model) ?? ModelLocator.DefaultModelDirectory;
            using var pfn = PfnExtrapolator.Load(directory, new PfnExtrapolatorOptions { Device = parse.GetValue(device), Threads = parse.GetValue(threads) });
            // The calibration works in model units, so it sits between the model and the metric transform.
            var (calibrated, calibrationUsed) = CalibrationCli.Wrap(parse.GetValue(calibration), pfn, 1.0, parse.InvocationConfiguration.Error, ct, CommonOptions.ParseSchedule(parse.GetValue(schedule)));
            ICurveExtrapolator extrapolator = transform.IsIdentity ? calibrated : new MetricTransformingExtrapolator(calibrated, transform);
            var lr = CommonOptions.ParseSchedule(parse.GetValue(schedule));
            var request = new ExtrapolationRequest("cli", observedEpochs, observed, h, queries, lr);
            var predictions = extrapolator.Extrapolate([request], ct)[0];
            double? bestValue = parse.GetValue(best);
            var rows = queries.Select((q, i) => Row(q, predictions[i], bestValue, transform.Minimize)).ToArray();
            var last = rows[^1];
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                JsonOutput.Write(stdout, new
                {
                    last.Epoch, last.Mean, last.Median, last.Q05, last.Q25, last.Q75, last.Q95, last.PImprove,
                    Horizon = h,
                    Schedule = lr?.ToString(),
                    Predictions = rows,
                    Model = Path.GetFullPath(directory),
                    Calibration = calibrationUsed,
                });
            }
            else
            {
                foreach (var r in rows)
                {
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"epoch {r.Epoch}: mean {r.Mean:G5}  median {r.Median:G5}  90% [{r.Q05:G5}, {r.Q95:G5}]  50% [{r.Q25:G5}, {r.Q75:G5}]{(r.PImprove is { } p ? $"  P(improve) {p:F4}" : "")}"));
                }
            }
            return Task.FromResult(CliApp.Ok);
        });
        return command;
    }

    private sealed record PredictionRow(int Epoch, double Mean, double Median, double Q05, double Q25, double Q75, double Q95, double? PImprove);

    private static PredictionRow Row(int epoch, IPredictiveDistribution d, double? best, bool minimize) => new(
        epoch, d.Mean, d.Median, d.Quantile(0.05), d.Quantile(0.25), d.Quantile(0.75), d.Quantile(0.95),
        best is { } b ? (minimize ? d.Cdf(b) : d.ProbabilityAbove(b)) : null);

    /// <summary>A bound: a number, or <c>inf</c>/<c>-inf</c> (also <c>infinity</c>, any case) for none.</summary>
    private static double ParseBound(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : "";
        switch (text.ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity" or "+infinity": return double.PositiveInfinity;
            case "-inf" or "-infinity": return double.NegativeInfinity;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsNaN(value)) return value;
        result.AddError($"{(result.Parent as System.CommandLine.Parsing.OptionResult)?.Option.Name ?? "bound"}: '{text}' is not a number; give a number, or inf / -inf for no bound.");
        return 0;
    }

    /// <summary>
    /// Every observed value must lie in the bounds, checked before the model loads: one just outside (the rule of
    /// <see cref="LcPfn.EarlyStop.MetricBounds"/>) is clipped in place and counted (the count is returned), one
    /// farther out throws. The advice fits predict's own options (it has no --scale: percent is --upper 100).
    /// </summary>
    private static int CheckBounds(double[] values, int[] epochs, double lower, double upper)
    {
        int clippedCount = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (LcPfn.EarlyStop.MetricBounds.Clip(v, lower, upper, out bool clipped) is { } inBounds)
            {
                values[i] = inBounds;
                if (clipped) clippedCount++;
                continue;
            }
            string where = i < epochs.Length ? $"item {i + 1} (epoch {epochs[i]})" : $"item {i + 1}";
            string advice = upper == 1 && lower == 0 && v > 1 && values.All(x => x is >= 0 and <= 100)
                ? "for values in percent pass --upper 100"
                : "declare the metric's bounds with --lower/--upper (inf for none, then --soft-lower/--soft-upper), and --minimize for losses";
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"--values: {where}: {v} lies outside the metric bounds [{lower}, {upper}]; {advice}."));
        }
        return clippedCount;
    }

    private static T[] ParseList<T>(string text, string option, Func<string, IFormatProvider, T> parse)
    {
        if (text.Trim().Length == 0) throw new InvalidInputException($"{option} is empty; give comma-separated numbers.");
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var result = new T[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0)
                throw new InvalidInputException($"{option}: item {i + 1} is blank; every comma-separated item must be a number (a blank would shift the later values to earlier epochs).");
            try { result[i] = parse(parts[i], CultureInfo.InvariantCulture); }
            catch (FormatException) { throw new InvalidInputException($"{option}: item {i + 1} ('{parts[i]}') is not a number."); }
            catch (OverflowException) { throw new InvalidInputException($"{option}: item {i + 1} ('{parts[i]}') is out of range."); }
        }
        if (result.Length == 0) throw new InvalidInputException($"{option} is empty; give comma-separated numbers.");
        return result;
    }
}
