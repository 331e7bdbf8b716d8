namespace LcPfn.Transformer.Checkpoints;

/// <summary>What a training run did, stored in model.json.</summary>
public sealed record TrainingSummary
{
    /// <summary>Prior curves seen (steps × batch size).</summary>
    public long CurvesSeen { get; init; }

    /// <summary>Optimiser steps done.</summary>
    public long Steps { get; init; }

    /// <summary>Steps planned in total.</summary>
    public long TotalSteps { get; init; }

    /// <summary>Device trained on (cpu or cuda) and precision, e.g. <c>cuda bf16</c>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Wall time spent training, in seconds, summed over resumed sessions.</summary>
    public double Seconds { get; init; }

    /// <summary>Mean training NLL over the last steps (about the last 100), in nats.</summary>
    public double FinalLoss { get; init; }

    /// <summary>Mean NLL on the fixed held-out prior validation set at the last evaluation, in nats; null if never evaluated.</summary>
    public double? HeldOutNll { get; init; }

    /// <summary>When this summary was written (UTC, ISO 8601).</summary>
    public string? UpdatedUtc { get; init; }
}
