namespace LcPfn.EarlyStop.Calibration;

/// <summary>The JSON form of a <see cref="StudyCalibration"/>, saved inside a study's state (a DTO).</summary>
internal sealed class StudyCalibrationDocument
{
    /// <summary>The settings it was saved with, for humans (<see cref="CalibrationSettings.Describe"/>).</summary>
    public string Describe { get; set; } = "";

    /// <summary>Forecasts of runs still going (no actual yet).</summary>
    public List<Forecast> Pending { get; set; } = [];

    /// <summary>Forecasts of finished runs, with the final value.</summary>
    public List<Forecast> Pairs { get; set; } = [];

    internal sealed class Forecast
    {
        public string Group { get; set; } = "";
        public double CutoffFraction { get; set; }
        public double[] Quantiles { get; set; } = [];
        public double? Actual { get; set; }
    }
}
