using LcPfn.Prior.Data;
using LcPfn.Prior.Schedules;

namespace LcPfn.EarlyStop.State;

/// <summary>One run of a <see cref="StudyState"/>: its curve so far, status and latest decision. Used under the study's lock.</summary>
internal sealed class RunRecord(string runId, int horizon)
{
    public string RunId { get; } = runId;

    public int Horizon { get; } = horizon;

    public List<int> Epochs { get; } = [];

    public List<double> Values { get; } = [];

    public int Count => Epochs.Count;

    public RunStatus Status { get; set; } = RunStatus.Running;

    /// <summary>The epoch of the last scheduled check (0 before the first).</summary>
    public int LastCheckEpoch { get; set; }

    /// <summary>The value the run will reach with confidence, for <see cref="BestSoFarMode.CompletedAndConfidentPredictions"/>.</summary>
    public double? ConfidentValue { get; set; }

    public StopDecision? Decision { get; set; }

    public DateTimeOffset? LastReportAt { get; set; }

    /// <summary>The run's own learning-rate schedule, or null (the study's).</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>The curve so far plus one more observation, as a policy forecasts it.</summary>
    public static LearningCurve Snapshot(string runId, int horizon, RunRecord? run, int epoch, double value)
    {
        int count = run?.Count ?? 0;
        var epochs = new int[count + 1];
        var values = new double[count + 1];
        for (int i = 0; i < count; i++)
        {
            epochs[i] = run!.Epochs[i];
            values[i] = run.Values[i];
        }
        epochs[count] = epoch;
        values[count] = value;
        return new LearningCurve(runId, LearningCurve.DefaultStudy, horizon, epochs, values);
    }
}
