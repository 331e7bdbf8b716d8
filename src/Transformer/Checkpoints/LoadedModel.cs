using LcPfn.Transformer.Distributions;
using LcPfn.Transformer.Model;

namespace LcPfn.Transformer.Checkpoints;

/// <summary>A model read from a model folder: the module (fp32, CPU, eval mode), its manifest and its bar distribution.</summary>
/// <param name="Model">The network; owned by this object.</param>
/// <param name="Manifest">model.json.</param>
/// <param name="Distribution">The bucket borders and their math.</param>
public sealed record LoadedModel(LcPfnModel Model, ModelManifest Manifest, BarDistribution Distribution) : IDisposable
{
    /// <summary>Disposes the network.</summary>
    public void Dispose() => Model.Dispose();
}
