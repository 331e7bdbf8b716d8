namespace LcPfn.Transformer.Training;

/// <summary>Training throughput measured by <see cref="Trainer.Benchmark"/>.</summary>
/// <param name="MillisecondsPerStep">Wall time per optimiser step (including any wait for data).</param>
/// <param name="CurvesPerSecond">Curves trained per second.</param>
/// <param name="Device">Device and precision, e.g. <c>cuda bf16</c>.</param>
/// <param name="DataWaitFraction">Share of the time spent waiting for prior batches (0 = the compute is the bottleneck).</param>
/// <param name="Phases">Milliseconds per step in each phase of the timed steps (the step's profile).</param>
public sealed record TrainingBenchmark(double MillisecondsPerStep, double CurvesPerSecond, string Device, double DataWaitFraction, StepPhases Phases);

/// <summary>
/// Where a training step's time goes, in milliseconds per step: building the input tensors (and the query subset),
/// the forward pass up to the last encoder layer, the 1000-bucket decoder, the bar-distribution loss, the backward
/// pass, and gradient clipping plus the AdamW step. CPU ops are synchronous, so the stopwatch splits are exact there;
/// on CUDA they include queueing and are indicative only.
/// </summary>
/// <param name="Inputs">Batch to tensors, query subset, attention mask.</param>
/// <param name="Encoder">Embeddings and the transformer encoder.</param>
/// <param name="Decoder">The decoder MLP to K logits per query.</param>
/// <param name="Loss">Bar-distribution NLL over the queries.</param>
/// <param name="Backward">Back-propagation through all of it.</param>
/// <param name="Optimizer">Gradient clipping and the AdamW step.</param>
public sealed record StepPhases(double Inputs, double Encoder, double Decoder, double Loss, double Backward, double Optimizer)
{
    /// <summary>All phases added up.</summary>
    public double Total => Inputs + Encoder + Decoder + Loss + Backward + Optimizer;

    /// <summary>The phases scaled by <paramref name="factor"/> (e.g. 1 / steps).</summary>
    public StepPhases Scale(double factor) => new(Inputs * factor, Encoder * factor, Decoder * factor, Loss * factor, Backward * factor, Optimizer * factor);

    /// <summary>Adds two profiles.</summary>
    public static StepPhases operator +(StepPhases a, StepPhases b) =>
        new(a.Inputs + b.Inputs, a.Encoder + b.Encoder, a.Decoder + b.Decoder, a.Loss + b.Loss, a.Backward + b.Backward, a.Optimizer + b.Optimizer);

    /// <summary>No time.</summary>
    public static StepPhases Zero { get; } = new(0, 0, 0, 0, 0, 0);
}
