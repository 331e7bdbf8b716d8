namespace LcPfn.EarlyStop.Calibration;

/// <summary>
/// Which calibration a study's decisions read their forecasts through: an offline <see cref="CalibrationModel"/>
/// (fitted on past curves of the same pipeline), an online layer fitted on the study's own finished runs, both
/// (the online layer then corrects what the offline one leaves), or neither. Set on
/// <see cref="Policies.PredictiveStoppingPolicy.WithCalibration"/>; each <see cref="State.StudyState"/> keeps its own online pairs.
/// </summary>
public sealed record CalibrationSettings
{
    /// <summary>No calibration: decisions read the raw forecasts.</summary>
    public static CalibrationSettings None { get; } = new();

    /// <summary>Online calibration only, with the default options.</summary>
    public static CalibrationSettings OnlineOnly { get; } = new() { Online = true };

    /// <summary>The offline calibration applied first; null for none.</summary>
    public CalibrationModel? Offline { get; init; }

    /// <summary>Whether the study's finished runs calibrate its later decisions.</summary>
    /// <value>The default is false.</value>
    public bool Online { get; init; }

    /// <summary>How the online layer is fitted.</summary>
    /// <value>The default is <see cref="CalibrationOptions"/> with its defaults.</value>
    public CalibrationOptions OnlineOptions { get; init; } = new();

    /// <summary>True when decisions read anything but the raw forecasts.</summary>
    public bool IsActive => Online || (Offline is { IsIdentity: false });

    /// <summary>For reports: <c>none</c>, <c>online</c>, the offline source, or <c>online + source</c>.</summary>
    public string Describe()
    {
        string? offline = Offline is { } o ? o.Describe() : null;
        return (Online, offline) switch
        {
            (false, null) => "none",
            (true, null) => "online",
            (false, { } s) => s,
            (true, { } s) => $"online + {s}",
        };
    }
}
