namespace LcPfn.Transformer.Training;

/// <summary>
/// The resume record written with every checkpoint (<c>training/state.json</c>): where the run is, and the recipe
/// it was started with (resume refuses a different recipe).
/// </summary>
internal sealed record TrainingState
{
    public long Step { get; init; }
    public long CurvesSeen { get; init; }
    public long InitialCurvesSeen { get; init; }
    public double Seconds { get; init; }
    public double[] RecentLosses { get; init; } = [];
    public double? HeldOutNll { get; init; }
    public required string Recipe { get; init; }
}
