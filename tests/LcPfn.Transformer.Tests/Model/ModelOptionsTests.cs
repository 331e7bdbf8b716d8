using LcPfn.Prior;
using LcPfn.Transformer.Model;
using Shouldly;

namespace LcPfn.Transformer.Tests.Model;

public sealed class ModelOptionsTests
{
    [Theory]
    [InlineData("tiny", 32, 2, 2, 64)]
    [InlineData("small", 128, 3, 1, 256)]
    [InlineData("base", 256, 3, 2, 512)]
    [InlineData("medium", 512, 6, 4, 1024)]
    [InlineData("large", 512, 12, 4, 1024)]
    public void FromPreset_Name_GivesPresetSizes(string name, int e, int l, int heads, int ffn)
    {
        var options = ModelOptions.FromPreset(name);
        options.ShouldBe(new ModelOptions { EmbeddingSize = e, Layers = l, Heads = heads, FeedForwardSize = ffn, Dropout = 0.2, Buckets = 1000 });
        options.Validate();
    }

    [Fact]
    public void FromPreset_UnknownName_ThrowsListingPresets()
    {
        Should.Throw<InvalidInputException>(() => ModelOptions.FromPreset("huge")).Message.ShouldContain("tiny, small, base, medium, large");
    }

    [Fact]
    public void Validate_SeveralProblems_ListsEveryProblem()
    {
        var options = new ModelOptions { EmbeddingSize = 30, Heads = 4, Layers = 0, Dropout = 1.0 };
        Should.Throw<InvalidInputException>(options.Validate).Message.ShouldBe(
            "Invalid model options: Property Layers: must be in [1, 64]; was 0; Property Heads: must divide EmbeddingSize (30); was 4; Property Dropout: must be in [0, 1); was 1");
    }
}
