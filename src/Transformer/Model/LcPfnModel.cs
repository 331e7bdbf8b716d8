using LcPfn.Transformer.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Model;

/// <summary>
/// The LC-PFN transformer (spec §2). Context tokens are enc(x)+enc(y), query tokens enc(x) (plus enc(lr) of the
/// learning-rate multiplier for a model with <see cref="ModelOptions.ScheduleInput"/>); the PFN mask lets
/// queries see the context and themselves; the decoder gives K logits per query. Sequence-first shapes
/// (docs/shapes.md): x (S, B) epochs on the 1..100 grid, y context (N, B), logits (S − N, B, K).
/// </summary>
/// <remarks>
/// Field names are the reference's state-dict names (spec §2.9): <c>encoder.2</c> (x Linear after two fixed
/// normalisations), <c>y_encoder.1</c>, <c>transformer_encoder.layers.{i}</c>, <c>decoder.0</c>/<c>decoder.2</c>.
/// The bucket borders are not part of the module: they live in the checkpoint's model.json.
/// </remarks>
public sealed class LcPfnModel : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    /// <summary>The x encoder divides epochs by this before standardising (x = 1..100 maps into (0, 1)).</summary>
    public const double EpochScale = 101.0;
    private static readonly double UniformStd = Math.Sqrt(1.0 / 12.0);
    private static readonly Scalar Unknown = double.NaN.ToScalar();                     // rooted: see PfnAttentionMask

    // Field names are checkpoint keys (PyTorch naming on purpose).
#pragma warning disable IDE1006
    private readonly Sequential encoder;
    private readonly Sequential y_encoder;
    private readonly Sequential? lr_encoder;
    private readonly PfnTransformerEncoder transformer_encoder;
    private readonly Sequential decoder;
#pragma warning restore IDE1006

    /// <summary>Creates a freshly initialised model; prefer <see cref="ModelOptions.CreateModel"/>, which validates and seeds.</summary>
    /// <param name="options">The architecture.</param>
    public LcPfnModel(ModelOptions options) : base(nameof(LcPfnModel))
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        int e = options.EmbeddingSize;
        encoder = nn.Sequential(
            ("0", new FeatureNormalize(0.0, EpochScale)),
            ("1", new FeatureNormalize(0.5, UniformStd)),
            ("2", new NanSafeLinear(1, e)));
        y_encoder = nn.Sequential(
            ("0", new FeatureNormalize(0.5, UniformStd)),
            ("1", new NanSafeLinear(1, e)));
        if (options.ScheduleInput)
        {
            lr_encoder = nn.Sequential(
                ("0", new FeatureNormalize(0.5, UniformStd)),
                ("1", new NanSafeLinear(1, e)));
        }
        transformer_encoder = new PfnTransformerEncoder(options);
        decoder = nn.Sequential(
            ("0", nn.Linear(e, options.FeedForwardSize)),
            ("1", nn.GELU()),
            ("2", nn.Linear(options.FeedForwardSize, options.Buckets)));
        RegisterComponents();
    }

    /// <summary>The architecture.</summary>
    public ModelOptions Options { get; }

    /// <summary>The encoder stack (tests reach into its layers).</summary>
    internal PfnTransformerEncoder TransformerEncoder => transformer_encoder;

    /// <summary>
    /// Forward pass. x (S, B): epoch values of all S tokens, the first N being context; yContext (N, B): the context
    /// values; mask: additive (S, S) or (B, 1, S, S) from <see cref="PfnAttentionMask"/>. Returns logits (S − N, B, K)
    /// for the query tokens only.
    /// </summary>
    public override Tensor forward(Tensor x, Tensor yContext, Tensor mask) => Forward(x, yContext, null, mask);

    /// <summary>
    /// Forward pass with the learning-rate multipliers <paramref name="multipliers"/> (S, B) of every token (NaN:
    /// unknown), used when <see cref="ModelOptions.ScheduleInput"/>; null means unknown everywhere. A model without
    /// the schedule input ignores them.
    /// </summary>
    public Tensor Forward(Tensor x, Tensor yContext, Tensor? multipliers, Tensor mask)
    {
        using var scope = NewDisposeScope();
        return decoder.call(EncodeQueries(x, yContext, multipliers, mask)).MoveToOuterDisposeScope(); // (S - N, B, K)
    }

    /// <summary>The first half of <see cref="Forward"/>: the query tokens' hidden states (S − N, B, E) after the encoder.</summary>
    public Tensor Encode(Tensor x, Tensor yContext, Tensor? multipliers, Tensor mask)
    {
        using var scope = NewDisposeScope();
        return EncodeQueries(x, yContext, multipliers, mask).MoveToOuterDisposeScope();
    }

    /// <summary>The second half of <see cref="Forward"/>: K logits per query from the hidden states (S − N, B, E).</summary>
    public Tensor Decode(Tensor hidden) => decoder.call(hidden);

    private Tensor EncodeQueries(Tensor x, Tensor yContext, Tensor? multipliers, Tensor mask)
    {
        long n = yContext.shape[0];
        var ex = encoder.call(x.unsqueeze(-1));                                        // (S, B, E)
        if (lr_encoder is not null)
            ex = ex.Plus(lr_encoder.call((multipliers ?? full_like(x, Unknown)).unsqueeze(-1))); // (S, B, E)
        var ey = y_encoder.call(yContext.unsqueeze(-1));                                // (N, B, E)
        var h = n == x.shape[0]
            ? ex.Plus(ey)
            : cat([ex.narrow(0, 0, n).Plus(ey), ex.narrow(0, n, x.shape[0] - n)], 0);      // (S, B, E)
        if (n == h.shape[0]) return h.narrow(0, n, 0);                                  // no query: (0, B, E)
        return transformer_encoder.Forward(h, mask, n);                                 // (S - N, B, E), the queries only
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            encoder.Dispose();
            y_encoder.Dispose();
            lr_encoder?.Dispose();
            transformer_encoder.Dispose();
            decoder.Dispose();
        }
        base.Dispose(disposing);
    }
}
