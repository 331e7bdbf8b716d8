using System.Text;
using System.Text.Json.Serialization;
using LcPfn.Prior;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Model;

/// <summary>
/// The architecture of an LC-PFN transformer (spec §2): embedding size E, layers L, attention heads, FFN width,
/// dropout and the number K of output buckets. The defaults are the reference's released 12-layer model
/// (<c>large</c>); <see cref="FromPreset"/> gives the named presets of the CLI.
/// </summary>
public sealed record ModelOptions
{
    /// <summary>Default embedding size E of the reference model.</summary>
    public const int DefaultEmbeddingSize = 512;
    /// <summary>Default number of encoder layers L of the reference model.</summary>
    public const int DefaultLayers = 12;
    /// <summary>Default number of attention heads (E / 128).</summary>
    public const int DefaultHeads = 4;
    /// <summary>Default FFN hidden width (2E).</summary>
    public const int DefaultFeedForwardSize = 1024;
    /// <summary>Default dropout probability of the reference trainer.</summary>
    public const double DefaultDropout = 0.2;
    /// <summary>Default number of output buckets K.</summary>
    public const int DefaultBuckets = 1000;
    /// <summary>The names accepted by <see cref="FromPreset"/>, smallest first.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["tiny", "small", "base", "medium", "large"];

    /// <summary>Embedding size E; must be a multiple of <see cref="Heads"/>, in [2, 4096]. <value>The default is 512.</value></summary>
    public int EmbeddingSize { get; init; } = DefaultEmbeddingSize;

    /// <summary>Number of post-norm encoder layers L, in [1, 64]. <value>The default is 12.</value></summary>
    public int Layers { get; init; } = DefaultLayers;

    /// <summary>Attention heads, in [1, E]; E must be divisible by it. <value>The default is 4.</value></summary>
    public int Heads { get; init; } = DefaultHeads;

    /// <summary>Hidden width of the feed-forward block and of the decoder, in [1, 65536]. <value>The default is 1024.</value></summary>
    public int FeedForwardSize { get; init; } = DefaultFeedForwardSize;

    /// <summary>Dropout probability during training, in [0, 1). <value>The default is 0.2.</value></summary>
    public double Dropout { get; init; } = DefaultDropout;

    /// <summary>Number of bar-distribution buckets K (logits per query), in [2, 100000]. <value>The default is 1000.</value></summary>
    public int Buckets { get; init; } = DefaultBuckets;

    /// <summary>
    /// Whether the model takes the learning-rate multiplier of every position as a second input feature beside the
    /// epoch (model.json format version 2; NaN = schedule unknown). <value>The default is false (the LC-PFN model).</value>
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ScheduleInput { get; init; }

    /// <summary>
    /// The options of a named preset: tiny (E=32, L=2, tests only), small (E=128, L=3), base (E=256, L=3),
    /// medium (E=512, L=6), large (E=512, L=12). Heads = max(1, E/128) (tiny: 2), FFN = 2E, dropout 0.2, K = 1000.
    /// </summary>
    /// <exception cref="InvalidInputException">The name is not a preset.</exception>
    public static ModelOptions FromPreset(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        (int e, int l) = name.ToLowerInvariant() switch
        {
            "tiny" => (32, 2),
            "small" => (128, 3),
            "base" => (256, 3),
            "medium" => (512, 6),
            "large" => (512, 12),
            _ => throw new InvalidInputException($"Unknown model preset '{name}'; use one of {string.Join(", ", PresetNames)}."),
        };
        return new ModelOptions
        {
            EmbeddingSize = e,
            Layers = l,
            Heads = e < 128 ? 2 : e / 128,
            FeedForwardSize = 2 * e,
        };
    }

    /// <summary>The number of trainable parameters of a model with these options (spec §2.1 formula).</summary>
    [JsonIgnore]
    public long ParameterCount
    {
        get
        {
            long e = EmbeddingSize, f = FeedForwardSize, k = Buckets;
            long layer = 3 * e * e + 3 * e + e * e + e + f * e + f + e * f + e + 4 * e;
            return Layers * layer + 2 * (e + e) + (ScheduleInput ? e + e : 0) + (e * f + f) + (f * k + k);
        }
    }

    /// <summary>Checks every property and throws one exception that lists every problem.</summary>
    /// <exception cref="InvalidInputException">At least one property is out of range.</exception>
    public void Validate()
    {
        var problems = new StringBuilder();
        void Check(bool ok, string property, string rule, object value)
        {
            if (!ok) problems.Append(problems.Length == 0 ? "" : "; ").Append($"Property {property}: {rule}; was {value}");
        }
        Check(EmbeddingSize is >= 2 and <= 4096, nameof(EmbeddingSize), "must be in [2, 4096]", EmbeddingSize);
        Check(Layers is >= 1 and <= 64, nameof(Layers), "must be in [1, 64]", Layers);
        Check(Heads >= 1 && Heads <= EmbeddingSize && EmbeddingSize % Math.Max(Heads, 1) == 0, nameof(Heads), $"must divide EmbeddingSize ({EmbeddingSize})", Heads);
        Check(FeedForwardSize is >= 1 and <= 65536, nameof(FeedForwardSize), "must be in [1, 65536]", FeedForwardSize);
        Check(Dropout is >= 0 and < 1, nameof(Dropout), "must be in [0, 1)", Dropout);
        Check(Buckets is >= 2 and <= 100_000, nameof(Buckets), "must be in [2, 100000]", Buckets);
        if (problems.Length > 0) throw new InvalidInputException("Invalid model options: " + problems);
    }

    /// <summary>
    /// Validates the options and builds a freshly initialised model (spec §2.7) on the CPU, in fp32. The same seed
    /// gives the same weights.
    /// </summary>
    /// <param name="seed">Seed of LibTorch's generator used for the initialisation.</param>
    public LcPfnModel CreateModel(long seed = 0)
    {
        Validate();
        random.manual_seed(seed);
        return new LcPfnModel(this);
    }
}
