using LcPfn.Transformer.Inference;
using Shouldly;

namespace LcPfn.Transformer.Tests.Inference;

public sealed class ModelLocatorTests
{
    [Fact]
    public void Resolve_Override_WinsOverSearch() =>
        ModelLocator.Resolve("/some/model", AppContext.BaseDirectory).ShouldBe("/some/model");

    [Fact]
    public void Resolve_FolderAbove_IsFound()
    {
        string root = Path.Combine(Path.GetTempPath(), "lcpfn-loc-" + Guid.NewGuid().ToString("N"));
        string deep = Path.Combine(root, "bin", "Release", "net10.0");
        Directory.CreateDirectory(deep);
        Directory.CreateDirectory(Path.Combine(root, "data", "models", "default"));
        try
        {
            ModelLocator.Resolve(null, deep).ShouldBe(Path.Combine(root, "data", "models", "default"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Resolve_ModelInAppFolder_WinsOverOneAbove()
    {
        // The LcPfn.Transformer package copies the model to <output>/data/models/default: an app built inside a
        // folder that holds another data/models/default (a checkout) still gets the copy next to it.
        string root = Path.Combine(Path.GetTempPath(), "lcpfn-loc-" + Guid.NewGuid().ToString("N"));
        string app = Path.Combine(root, "consumer", "bin", "Release", "net10.0");
        string nextToApp = Path.Combine(app, "data", "models", "default");
        Directory.CreateDirectory(nextToApp);
        Directory.CreateDirectory(Path.Combine(root, "data", "models", "default"));
        try
        {
            ModelLocator.Resolve(null, app).ShouldBe(nextToApp);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
