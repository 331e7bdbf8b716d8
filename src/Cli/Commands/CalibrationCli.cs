using System.CommandLine;
using LcPfn.EarlyStop.Calibration;
using LcPfn.Prior;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;
using LcPfn.Prior.Schedules;

namespace LcPfn.Cli.Commands;

/// <summary>
/// <c>--calibration online|none|FILE...</c> and <c>--save-calibration FILE</c>, shared by the commands that forecast.
/// FILE is a calibration JSON (or a model folder holding <c>calibration.json</c>), or curve files of finished runs of
/// the same pipeline: the extrapolator is then run over them at cutoffs and the calibration fitted on the pairs.
/// </summary>
internal static class CalibrationCli
{
    public const string Online = "online";
    public const string None = "none";

    /// <summary>At most this many past curves (evenly spaced through the files) are forecast to fit a calibration: 1000.</summary>
    public const int MaxFitCurves = 1000;

    public static Option<string[]> Option(string defaultValue) => new("--calibration")
    {
        Description = $"How forecasts are calibrated: {Online} (on the study's own finished runs), {None}, or FILE...: a calibration JSON, or curve files of finished runs of the same pipeline to fit one from (read with --scale). '{Online} FILE' stacks both.",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => [defaultValue],
    };

    public static Option<string?> SaveOption() => new("--save-calibration")
    {
        Description = "Write the offline calibration fitted from --calibration FILE to this JSON file (or model folder).",
    };

    /// <summary>Whether the tokens ask for the online layer.</summary>
    public static bool WantsOnline(string[]? tokens) => (tokens ?? []).Any(t => string.Equals(t, Online, StringComparison.OrdinalIgnoreCase));

    /// <summary>The files among the tokens.</summary>
    public static string[] Files(string[]? tokens) =>
        (tokens ?? []).Where(t => !string.Equals(t, Online, StringComparison.OrdinalIgnoreCase) && !string.Equals(t, None, StringComparison.OrdinalIgnoreCase)).ToArray();

    /// <summary>
    /// The offline calibration the FILE tokens give (null when there are none): loaded from a JSON, or fitted with
    /// <paramref name="raw"/> on curve files read with <paramref name="scale"/>.
    /// </summary>
    /// <param name="tokens">The <c>--calibration</c> values.</param>
    /// <param name="raw">The forecaster to fit with (model units).</param>
    /// <param name="scale">Multiplies the past curves' values on reading (<c>--scale</c>).</param>
    /// <param name="log">Human progress.</param>
    /// <param name="cancellationToken">Stops the fit.</param>
    /// <param name="minimize">The metric is a loss in [0, 1] after scaling: past curves enter the model as 1 − value.</param>
    /// <param name="schedule">The learning-rate schedule of past runs whose file gives none (<c>--schedule</c>); the pairs must be forecast as the scored runs are.</param>
    public static CalibrationModel? Offline(string[]? tokens, ICurveExtrapolator? raw, double scale, TextWriter log, CancellationToken cancellationToken, bool minimize = false, LearningRateSchedule? schedule = null)
    {
        var files = Files(tokens);
        if (files.Length == 0) return null;
        if (files.Length == 1 && (files[0].EndsWith(".json", StringComparison.OrdinalIgnoreCase) || Directory.Exists(files[0])))
        {
            var loaded = CalibrationModel.Load(files[0]);
            log.WriteLine($"calibration: {loaded.Describe()} from {files[0]}");
            return loaded;
        }
        if (raw is null)
            throw new InvalidInputException("--calibration FILE with curve files needs a forecaster to fit with; pass a calibration JSON instead.");
        var read = CurveFileReader.ReadMany(files, new CurveReadOptions { Scale = scale, Schedule = schedule });
        RejectionLog.Write(log, read.Rejected);
        var curves = read.Curves.Where(c => c.IsComplete && c.Values.All(v => v is >= 0 and <= 1))
            .Select(c => minimize ? c with { Values = [.. c.Values.Select(v => 1 - v)] } : c).ToList();
        if (curves.Count == 0)
            throw new InvalidInputException($"--calibration: no complete curve with values in [0, 1] in {string.Join(", ", files)} (percent files need --scale 0.01).");
        if (curves.Count > MaxFitCurves)
        {
            // An evenly spaced subsample keeps the fit to a couple of minutes on a CPU; more curves change the map little.
            int total = curves.Count;
            curves = Enumerable.Range(0, MaxFitCurves).Select(i => curves[(int)((long)i * total / MaxFitCurves)]).ToList();
        }
        var pairs = CalibrationPairCollector.Collect(raw, curves, cancellationToken: cancellationToken);
        var model = CalibrationFitter.Fit(pairs, source: string.Join("+", files.Select(Path.GetFileName)));
        model.Extrapolator = raw.Name;
        log.WriteLine($"calibration: fitted {model.Describe()} on {curves.Count} curves");
        return model;
    }

    /// <summary>The settings for a study: offline from FILE tokens, online when asked.</summary>
    public static CalibrationSettings Settings(string[]? tokens, ICurveExtrapolator? raw, double scale, TextWriter log, CancellationToken cancellationToken, bool minimize = false, LearningRateSchedule? schedule = null) => new()
    {
        Offline = Offline(tokens, raw, scale, log, cancellationToken, minimize, schedule),
        Online = WantsOnline(tokens),
    };

    /// <summary>
    /// For commands without a study (predict, plot, extrapolate, serve): <paramref name="raw"/> through the offline
    /// calibration of the FILE tokens. <c>online</c> needs a study's finished runs, which these commands do not see:
    /// it is reported and the forecasts stay raw (apart from any FILE).
    /// </summary>
    public static (ICurveExtrapolator Extrapolator, string Used) Wrap(string[]? tokens, ICurveExtrapolator raw, double scale, TextWriter log, CancellationToken cancellationToken, LearningRateSchedule? schedule = null)
    {
        var offline = Offline(tokens, raw, scale, log, cancellationToken, schedule: schedule);
        if (WantsOnline(tokens))
            log.WriteLine("calibration: 'online' needs a study's finished runs (replay, the callback); this command has none, so it adds nothing here");
        return offline is null || offline.IsIdentity ? (raw, None) : (new CalibratedExtrapolator(raw, offline), offline.Describe());
    }

    /// <summary>Saves the offline model when <paramref name="path"/> is given.</summary>
    public static void Save(CalibrationModel? model, string? path, TextWriter log)
    {
        if (path is null) return;
        if (model is null)
            throw new InvalidInputException("--save-calibration needs --calibration FILE (curve files to fit from).");
        if (!Directory.Exists(path)) OutputPaths.CreateFolderFor(path);
        model.Save(path);
        log.WriteLine($"calibration written to {path}");
    }
}
