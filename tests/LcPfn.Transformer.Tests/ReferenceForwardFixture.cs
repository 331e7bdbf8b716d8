using System.Text.Json;
using LcPfn.Tests;
using LcPfn.Transformer.Model;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Tests;

/// <summary>
/// reference-forward-small.json (shared data): a reference TransformerModel E=32/L=2/2 heads/FFN 64/K=10 with its
/// state dict, inputs and outputs (logits, nll, mean).
/// </summary>
internal sealed class ReferenceForwardFixture
{
    private readonly JsonElement _root;

    private ReferenceForwardFixture(JsonElement root) => _root = root;

    public static ReferenceForwardFixture Load()
    {
        using var stream = File.OpenRead(TestPaths.SharedFile("reference/reference-forward-small.json"));
        return new ReferenceForwardFixture(JsonDocument.Parse(stream).RootElement.Clone());
    }

    public static ModelOptions Options => new() { EmbeddingSize = 32, Layers = 2, Heads = 2, FeedForwardSize = 64, Buckets = 10, Dropout = 0 };

    public double[] Borders => _root.GetProperty("borders").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public int SingleEvalPos => _root.GetProperty("single_eval_pos").GetInt32();

    public IEnumerable<string> StateDictKeys => _root.GetProperty("state_dict").EnumerateObject().Select(p => p.Name);

    public Tensor StateTensor(string key) => ToTensor(_root.GetProperty("state_dict").GetProperty(key));

    public Tensor Get(string name) => ToTensor(_root.GetProperty(name));

    /// <summary>Copies every non-criterion tensor of the reference state dict into <paramref name="model"/>.</summary>
    public void CopyInto(LcPfnModel model)
    {
        using var noGrad = no_grad();
        var own = model.state_dict();
        foreach (var key in StateDictKeys.Where(k => !k.StartsWith("criterion.", StringComparison.Ordinal)))
        {
            using var source = StateTensor(key);
            own[key].copy_(source);
        }
    }

    private static Tensor ToTensor(JsonElement element)
    {
        long[] shape = element.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        float[] values = element.GetProperty("values").ValueKind == JsonValueKind.Array
            ? element.GetProperty("values").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray()
            : [(float)element.GetProperty("values").GetDouble()];
        return tensor(values).reshape(shape);
    }
}
