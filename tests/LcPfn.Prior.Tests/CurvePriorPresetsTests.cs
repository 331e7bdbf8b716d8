using Shouldly;

namespace LcPfn.Prior.Tests;

public sealed class CurvePriorPresetsTests
{
    [Fact]
    public void Get_Default_IsDefaultOptionsWithHorizon()
    {
        CurvePriorPresets.Get("default", 50).ShouldBe(CurvePriorOptions.Default with { Horizon = 50 });
    }

    [Fact]
    public void Get_Domhan_HasAllElevenFamilies()
    {
        CurvePriorPresets.Get("domhan").Families.Count.ShouldBe(11);
    }

    [Fact]
    public void Get_Unknown_ThrowsListingPresets()
    {
        Should.Throw<InvalidInputException>(() => CurvePriorPresets.Get("nope")).Message.ShouldBe("Unknown prior 'nope'; known: default, uniform, domhan.");
    }
}
