namespace LcPfn.Transformer.Training;

/// <summary>What a finished (or stopped) training run did.</summary>
/// <param name="Steps">Steps done in total (including earlier sessions when resumed).</param>
/// <param name="CurvesSeen">Prior curves seen in total.</param>
/// <param name="Seconds">Wall time of this session, in seconds.</param>
/// <param name="CurvesPerSecond">Throughput of this session.</param>
/// <param name="FinalLoss">Mean training NLL of the last (up to 100) steps.</param>
/// <param name="HeldOutNll">Held-out NLL at the end, or null without a validation set.</param>
/// <param name="Device">Device and precision, e.g. <c>cpu fp32</c>.</param>
public sealed record TrainingResult(long Steps, long CurvesSeen, double Seconds, double CurvesPerSecond, double FinalLoss, double? HeldOutNll, string Device);
