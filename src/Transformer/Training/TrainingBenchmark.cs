namespace LcPfn.Transformer.Training;

/// <summary>Training throughput measured by <see cref="Trainer.Benchmark"/>.</summary>
/// <param name="MillisecondsPerStep">Wall time per optimiser step (including any wait for data).</param>
/// <param name="CurvesPerSecond">Curves trained per second.</param>
/// <param name="Device">Device and precision, e.g. <c>cuda bf16</c>.</param>
/// <param name="DataWaitFraction">Share of the time spent waiting for prior batches (0 = the compute is the bottleneck).</param>
public sealed record TrainingBenchmark(double MillisecondsPerStep, double CurvesPerSecond, string Device, double DataWaitFraction);
