namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// What the service remembers about one run between reports: its observations and every decision it sent,
/// keyed by epoch. Stored in memory (inproc) or as JSON in the NATS key-value bucket; replaced as a whole
/// with a compare-and-set on its revision, so a decision once stored is never contradicted.
/// </summary>
internal sealed record RunState
{
    public required string Study { get; init; }
    public required string RunId { get; init; }
    public required int Horizon { get; init; }
    public required MetricDirection Direction { get; init; }
    public int[] Epochs { get; init; } = [];
    public double[] Values { get; init; } = [];
    public CurveDecision[] Decisions { get; init; } = [];

    /// <summary>The run's learning-rate schedule in the text syntax, from its first report that gave one, or null.</summary>
    public string? Schedule { get; init; }

    public static RunState Empty(CurveReport report) => new()
    {
        Study = report.Study,
        RunId = report.RunId,
        Horizon = report.Horizon,
        Direction = report.Direction,
        Schedule = report.Schedule?.ToString(),
    };

    /// <summary>The decision already sent for <paramref name="epoch"/>, or null.</summary>
    public CurveDecision? DecisionFor(int epoch)
    {
        foreach (var d in Decisions)
            if (d.Epoch == epoch) return d;
        return null;
    }

    /// <summary>The earliest stop decision before <paramref name="epoch"/>, or null.</summary>
    public CurveDecision? StopBefore(int epoch)
    {
        CurveDecision? stopped = null;
        foreach (var d in Decisions)
            if (d.Stop && d.Epoch < epoch && (stopped is null || d.Epoch < stopped.Epoch)) stopped = d;
        return stopped;
    }

    /// <summary>The request for the engine: observations up to the report's epoch, the report's own value last.</summary>
    public DecisionRequest ToRequest(CurveReport report, double? studyBest)
    {
        var epochs = new List<int>(Epochs.Length + 1);
        var values = new List<double>(Epochs.Length + 1);
        for (var i = 0; i < Epochs.Length && Epochs[i] < report.Epoch; i++)
        {
            epochs.Add(Epochs[i]);
            values.Add(Values[i]);
        }
        epochs.Add(report.Epoch);
        values.Add(report.Value);
        return new DecisionRequest(report, epochs, values, studyBest, StopBefore(report.Epoch));
    }

    /// <summary>A copy with the report's observation inserted in epoch order and its decision recorded.</summary>
    public RunState With(CurveReport report, CurveDecision decision)
    {
        var index = Array.BinarySearch(Epochs, report.Epoch);
        int[] epochs;
        double[] values;
        if (index >= 0)
        {
            epochs = Epochs;
            values = (double[])Values.Clone();
            values[index] = report.Value;
        }
        else
        {
            index = ~index;
            epochs = [.. Epochs.AsSpan(0, index), report.Epoch, .. Epochs.AsSpan(index)];
            values = [.. Values.AsSpan(0, index), report.Value, .. Values.AsSpan(index)];
        }
        return this with { Epochs = epochs, Values = values, Decisions = [.. Decisions, decision] };
    }
}
