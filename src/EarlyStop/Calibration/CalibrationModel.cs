using System.Text.Json;
using System.Text.Json.Serialization;
using LcPfn.Prior;
using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Calibration;

/// <summary>
/// A fitted calibration: one <see cref="CalibrationBin"/> per range of cutoff fractions (how far into its horizon a
/// run was when the forecast was made). <see cref="Apply"/> turns a raw forecast into a calibrated one; with no
/// bins, or identity bins, it returns the forecast unchanged. Saved as a small JSON file
/// (<see cref="Save"/>, <see cref="Load"/>), next to a model (<see cref="FileName"/>) or on its own.
/// </summary>
public sealed class CalibrationModel
{
    /// <summary>The format version this build writes and reads: 1.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The file name of a calibration saved next to a model: <c>calibration.json</c>.</summary>
    public const string FileName = "calibration.json";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The file's format version.</summary>
    public int FormatVersion { get; set; } = CurrentFormatVersion;

    /// <summary>What the calibration was fitted from (for reports): a file name, <c>online</c>, <c>identity</c>.</summary>
    public string Source { get; set; } = "identity";

    /// <summary>The extrapolator whose forecasts it calibrates (for reports), e.g. <c>lcpfn</c>.</summary>
    public string? Extrapolator { get; set; }

    /// <summary>How many runs it was fitted on.</summary>
    public int Runs { get; set; }

    /// <summary>How many (forecast, actual) pairs it was fitted on.</summary>
    public int Pairs { get; set; }

    /// <summary>The bins, ordered by <see cref="CalibrationBin.Lower"/>; empty for the identity.</summary>
    public List<CalibrationBin> Bins { get; set; } = [];

    /// <summary>The calibration that changes nothing.</summary>
    public static CalibrationModel Identity { get; } = new();

    /// <summary>True when every forecast passes unchanged.</summary>
    [JsonIgnore]
    public bool IsIdentity => Bins.All(b => b.IsIdentity);

    /// <summary>The bin for cutoff fraction <paramref name="cutoffFraction"/>, or null when there is none.</summary>
    public CalibrationBin? BinFor(double cutoffFraction)
    {
        if (Bins.Count == 0) return null;
        foreach (var bin in Bins)
            if (cutoffFraction < bin.Upper) return bin;
        return Bins[^1];
    }

    /// <summary>
    /// The calibrated forecast of a value, made when the run had seen <paramref name="cutoffFraction"/> of its horizon.
    /// </summary>
    /// <param name="raw">The raw forecast, in model units (increasing is better, [0, 1]).</param>
    /// <param name="cutoffFraction">Last observed epoch / horizon.</param>
    /// <param name="lead">How far the forecast looks ahead as a fraction of the rest of the horizon: 1 for the final value
    /// (what the bins are fitted for), (t − e)/(H − e) for epoch t; the map is blended towards the identity below 1.</param>
    public IPredictiveDistribution Apply(IPredictiveDistribution raw, double cutoffFraction, double lead = 1)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var bin = BinFor(cutoffFraction);
        return bin is null || bin.IsIdentity ? raw : new CalibratedDistribution(raw, bin, lead);
    }

    /// <summary>A one-line description for reports: source, runs, pairs, bins.</summary>
    public string Describe() =>
        IsIdentity ? $"{Source} (identity)" : $"{Source} ({Runs} runs, {Pairs} pairs, {Bins.Count} bins)";

    /// <summary>The calibration as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads a calibration written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidInputException">Not a calibration, another format version, or inconsistent bins.</exception>
    public static CalibrationModel FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        CalibrationModel? model;
        try
        {
            model = JsonSerializer.Deserialize<CalibrationModel>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidInputException($"The calibration is not valid JSON: {ex.Message}", ex);
        }
        if (model is null)
            throw new InvalidInputException("The calibration file is empty.");
        if (model.FormatVersion != CurrentFormatVersion)
            throw new InvalidInputException($"The calibration has format version {model.FormatVersion}; this version reads {CurrentFormatVersion}.");
        foreach (var bin in model.Bins)
        {
            bool ok = bin.Scale > 0 && double.IsFinite(bin.Scale) && double.IsFinite(bin.Shift)
                && bin.KnotLevels.Length == bin.KnotFrequencies.Length
                && Increasing(bin.KnotLevels) && Increasing(bin.KnotFrequencies);
            if (!ok)
                throw new InvalidInputException($"Calibration bin [{bin.Lower}, {bin.Upper}) is inconsistent: scale must be positive and knots strictly increasing in (0, 1).");
        }
        return model;
    }

    /// <summary>Writes the calibration to <paramref name="path"/> (a file, or a model folder: then <see cref="FileName"/> in it).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path)) path = Path.Combine(path, FileName);
        File.WriteAllText(path, ToJson());
    }

    /// <summary>Reads a calibration from a file, or from <see cref="FileName"/> in a folder.</summary>
    /// <exception cref="InvalidInputException">The file is missing or not a calibration.</exception>
    public static CalibrationModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path)) path = Path.Combine(path, FileName);
        if (!File.Exists(path))
            throw new InvalidInputException($"Calibration file not found: {path}. Pass a calibration JSON written by --save-calibration, or a curve file of finished runs.");
        return FromJson(File.ReadAllText(path));
    }

    private static bool Increasing(double[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!(values[i] > 0 && values[i] < 1)) return false;
            if (i > 0 && !(values[i] > values[i - 1])) return false;
        }
        return true;
    }
}
