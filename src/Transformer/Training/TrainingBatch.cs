namespace LcPfn.Transformer.Training;

/// <summary>
/// One batch of prior curves, sequence-first: <c>X[s*B + b]</c> is the epoch value (on the model's 1..100 grid) of
/// position s of curve b, <c>Y[s*B + b]</c> its noisy value. Positions before <see cref="Cutoff"/> are context, the
/// rest are queries (the loss targets).
/// </summary>
/// <param name="SequenceLength">S positions per curve.</param>
/// <param name="BatchSize">B curves.</param>
/// <param name="Cutoff">Context length shared by the batch, in [1, S − 1].</param>
/// <param name="X">(S, B) epoch values.</param>
/// <param name="Y">(S, B) curve values.</param>
/// <param name="Multipliers">(S, B) learning-rate multipliers (NaN: unknown), or null when the prior has no schedules.</param>
public sealed record TrainingBatch(int SequenceLength, int BatchSize, int Cutoff, float[] X, float[] Y, float[]? Multipliers = null);
