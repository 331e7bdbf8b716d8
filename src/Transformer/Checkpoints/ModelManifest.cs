using System.Text.Json.Nodes;
using LcPfn.Transformer.Model;

namespace LcPfn.Transformer.Checkpoints;

/// <summary>
/// The content of a model folder's <c>model.json</c>: everything needed to rebuild the model and interpret its
/// logits (architecture, bucket borders, weight precision), plus how it was trained. Serialised in snake_case.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>The newest format this code reads: version 2 adds <see cref="ModelOptions.ScheduleInput"/>.</summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>The oldest format this code reads (LC-PFN models without a schedule input).</summary>
    public const int FirstFormatVersion = 1;

    /// <summary>The first format with the learning-rate schedule input.</summary>
    public const int ScheduleInputFormatVersion = 2;

    /// <summary>The version written for a model: 1 when it has no schedule input, so older readers still load it.</summary>
    public static int FormatVersionFor(ModelOptions model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.ScheduleInput ? ScheduleInputFormatVersion : FirstFormatVersion;
    }

    /// <summary>Format version of the file; readers reject versions they do not know.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Preset name (tiny, small, base, medium, large) or null for custom options.</summary>
    public string? Preset { get; init; }

    /// <summary>The architecture.</summary>
    public required ModelOptions Model { get; init; }

    /// <summary>The K + 1 bucket borders the logits refer to (spec §3.1).</summary>
    public required double[] Borders { get; init; }

    /// <summary>Precision of the weights in model.dat: <c>float32</c> or <c>float16</c>.</summary>
    public string WeightsDtype { get; init; } = WeightPrecision.Float32;

    /// <summary>Number of parameters (a check against the weights file).</summary>
    public long ParameterCount { get; init; }

    /// <summary>The prior the model was trained on (the prior's options as JSON), if known.</summary>
    public JsonNode? Prior { get; init; }

    /// <summary>The training recipe (the trainer's options as JSON), if trained here.</summary>
    public JsonNode? Training { get; init; }

    /// <summary>Training figures, if trained here.</summary>
    public TrainingSummary? Summary { get; init; }
}

/// <summary>Names of the weight precisions a model folder may hold.</summary>
public static class WeightPrecision
{
    /// <summary>Full precision (training and resume checkpoints).</summary>
    public const string Float32 = "float32";

    /// <summary>Half precision (compact shipped models; loaded back into fp32).</summary>
    public const string Float16 = "float16";
}
