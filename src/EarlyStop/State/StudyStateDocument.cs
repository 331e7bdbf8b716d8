using System.Text.Json;
using System.Text.Json.Serialization;

namespace LcPfn.EarlyStop.State;

/// <summary>The JSON form of a <see cref="StudyState"/> (a DTO: settable properties, mapped in one place).</summary>
internal sealed class StudyStateDocument
{
    /// <summary>The current format version.</summary>
    public const int CurrentFormatVersion = 1;

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public int FormatVersion { get; set; } = CurrentFormatVersion;
    public string Policy { get; set; } = "";
    public int DefaultHorizon { get; set; }
    public StopRuleOptions? Rule { get; set; }
    public ScheduleDocument? Schedule { get; set; }
    public double? BestCompletedFinal { get; set; }
    public DateTimeOffset SavedAt { get; set; }
    public List<RunDocument> Runs { get; set; } = [];
    public Calibration.StudyCalibrationDocument? Calibration { get; set; }

    internal sealed class RunDocument
    {
        public string RunId { get; set; } = "";
        public int Horizon { get; set; }
        public RunStatus Status { get; set; }
        public int[] Epochs { get; set; } = [];
        public double[] Values { get; set; } = [];
        public int LastCheckEpoch { get; set; }
        public double? ConfidentValue { get; set; }
        public StopDecision? Decision { get; set; }
        public DateTimeOffset? LastReportAt { get; set; }
        public ScheduleDocument? Schedule { get; set; }
    }
}
