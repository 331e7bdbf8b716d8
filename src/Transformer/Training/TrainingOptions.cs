using System.Text;
using System.Text.Json.Serialization;
using LcPfn.Prior;
using LcPfn.Transformer.Model;
using LcPfn.Transformer.Runtime;

namespace LcPfn.Transformer.Training;

/// <summary>
/// The training recipe (spec §4, with the per-step schedule of <see cref="LearningRateSchedule"/>). Stored in
/// model.json as the recipe; resume refuses a run whose recipe differs.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Default total curves (the reference's 10 M).</summary>
    public const long DefaultCurves = 10_000_000;
    /// <summary>Default batch size (reference: 100 curves).</summary>
    public const int DefaultBatchSize = 100;
    /// <summary>Default peak learning rate (reference: 1e-4).</summary>
    public const double DefaultLearningRate = 1e-4;
    /// <summary>Default warm-up share of the steps (reference: 250 of 1000 epochs).</summary>
    public const double DefaultWarmupFraction = 0.25;
    /// <summary>Default global gradient-norm clip.</summary>
    public const double DefaultGradientClip = 1.0;
    /// <summary>Default steps between checkpoints.</summary>
    public const int DefaultCheckpointEvery = 1000;
    /// <summary>Default batches of the held-out validation set.</summary>
    public const int DefaultValidationBatches = 20;
    /// <summary>Default curves drawn for the bucket borders (10,000 × 100 = 1 M values, as the reference).</summary>
    public const int DefaultBorderCurves = 10_000;

    /// <summary>The architecture. <value>The default is the <c>small</c> preset.</value></summary>
    public ModelOptions Model { get; init; } = ModelOptions.FromPreset("small");

    /// <summary>The preset name the architecture came from, or null. <value>The default is small.</value></summary>
    public string? Preset { get; init; } = "small";

    /// <summary>Total prior curves to train on; steps = ceil(Curves / BatchSize). <value>The default is 10,000,000.</value></summary>
    public long Curves { get; init; } = DefaultCurves;

    /// <summary>Curves per optimiser step, in [1, 100000]. <value>The default is 100.</value></summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Peak learning rate of AdamW (betas 0.9/0.999, eps 1e-8, weight decay 0), in (0, 1]. <value>The default is 1e-4.</value></summary>
    public double LearningRate { get; init; } = DefaultLearningRate;

    /// <summary>Share of the steps spent in linear warm-up, in [0, 1). <value>The default is 0.25.</value></summary>
    public double WarmupFraction { get; init; } = DefaultWarmupFraction;

    /// <summary>Maximum global L2 norm of the gradients, &gt; 0. <value>The default is 1.0.</value></summary>
    public double GradientClip { get; init; } = DefaultGradientClip;

    /// <summary>Seed of every random stream: model initialisation, prior batches (batch index i uses stream (seed, i)), dropout. <value>The default is 0.</value></summary>
    public ulong Seed { get; init; }

    /// <summary>Device to train on. <value>The default is auto (CUDA when available).</value></summary>
    [JsonIgnore]
    public ComputeDevice Device { get; init; } = ComputeDevice.Auto;

    /// <summary>LibTorch CPU threads (0 = all cores). <value>The default is 0.</value></summary>
    [JsonIgnore]
    public int Threads { get; init; }

    /// <summary>Threads sampling prior batches in parallel with the compute (0 = all cores). <value>The default is 0.</value></summary>
    [JsonIgnore]
    public int SamplerThreads { get; init; }

    /// <summary>
    /// bf16 compute with fp32 master weights; null = on for CUDA and for a CPU with native bf16 arithmetic
    /// (<see cref="CpuFeatures.HasNativeBf16"/>), off otherwise. A compute setting, not part of the recipe: a run may
    /// resume with another. <value>The default is null.</value>
    /// </summary>
    [JsonIgnore]
    public bool? MixedPrecision { get; init; }

    /// <summary>Whether a run on <paramref name="device"/> computes in bf16 (<see cref="MixedPrecision"/> resolved).</summary>
    public bool UsesMixedPrecision(ComputeDevice device) =>
        MixedPrecision ?? (device == ComputeDevice.Cuda || CpuFeatures.HasNativeBf16);

    /// <summary>Steps between atomic checkpoints (and held-out evaluations), ≥ 1. <value>The default is 1000.</value></summary>
    public int CheckpointEvery { get; init; } = DefaultCheckpointEvery;

    /// <summary>Batches in the fixed held-out validation set (stream seed + 1), ≥ 0. <value>The default is 20.</value></summary>
    public int ValidationBatches { get; init; } = DefaultValidationBatches;

    /// <summary>Prior curves drawn for the bucket borders (stream seed + 2), ≥ 1. <value>The default is 10,000.</value></summary>
    public int BorderCurves { get; init; } = DefaultBorderCurves;

    /// <summary>
    /// Compute the training loss on a random subset of at most this many query positions per step (the same
    /// positions for the batch, drawn from (seed, step)); null = every query position. Query tokens attend only to the
    /// context and themselves, so dropping the others is exact for the kept ones and the loss is unbiased; a step
    /// then costs far less (docs/training.md). Held-out evaluation always uses every position.
    /// <value>The default is null (all).</value>
    /// </summary>
    public int? QueryPositions { get; init; }

    /// <summary>
    /// A model folder to start from instead of a fresh initialisation (continued training): its weights and bucket
    /// borders; its architecture must equal <see cref="Model"/> (dropout aside). The run's curves seen start at the
    /// folder's <c>summary.curves_seen</c>. <value>The default is null (fresh).</value>
    /// </summary>
    public string? InitialModel { get; init; }

    /// <summary>Total optimiser steps.</summary>
    [JsonIgnore]
    public long TotalSteps => (Curves + BatchSize - 1) / Math.Max(1, BatchSize);

    /// <summary>Warm-up steps.</summary>
    [JsonIgnore]
    public long WarmupSteps => (long)(TotalSteps * WarmupFraction);

    /// <summary>Checks every property and throws one exception that lists every problem.</summary>
    /// <exception cref="InvalidInputException">At least one property is out of range.</exception>
    public void Validate()
    {
        var problems = new StringBuilder();
        void Check(bool ok, string property, string rule, object value)
        {
            if (!ok) problems.Append(problems.Length == 0 ? "" : "; ").Append($"Property {property}: {rule}; was {value}");
        }
        Check(Curves >= 1, nameof(Curves), "must be at least 1", Curves);
        Check(BatchSize is >= 1 and <= 100_000, nameof(BatchSize), "must be in [1, 100000]", BatchSize);
        Check(LearningRate is > 0 and <= 1, nameof(LearningRate), "must be in (0, 1]", LearningRate);
        Check(WarmupFraction is >= 0 and < 1, nameof(WarmupFraction), "must be in [0, 1)", WarmupFraction);
        Check(GradientClip > 0, nameof(GradientClip), "must be positive", GradientClip);
        Check(Threads >= 0, nameof(Threads), "must be 0 (all cores) or positive", Threads);
        Check(SamplerThreads >= 0, nameof(SamplerThreads), "must be 0 (all cores) or positive", SamplerThreads);
        Check(CheckpointEvery >= 1, nameof(CheckpointEvery), "must be at least 1", CheckpointEvery);
        Check(ValidationBatches >= 0, nameof(ValidationBatches), "must be 0 or positive", ValidationBatches);
        Check(QueryPositions is null or >= 1, nameof(QueryPositions), "must be null (all) or at least 1", QueryPositions ?? 0);
        Check(BorderCurves >= 1, nameof(BorderCurves), "must be at least 1", BorderCurves);
        if (problems.Length > 0) throw new InvalidInputException("Invalid training options: " + problems);
        Model.Validate();
    }
}
