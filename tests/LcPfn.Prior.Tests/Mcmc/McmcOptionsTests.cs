using LcPfn.Prior.Mcmc;
using Shouldly;

namespace LcPfn.Prior.Tests.Mcmc;

public sealed class McmcOptionsTests
{
    [Theory]
    [InlineData("paper", 100, 2_000, 500)]
    [InlineData("fast", 32, 300, 100)]
    [InlineData(" Fast ", 32, 300, 100)]
    public void FromSetting_KnownName_ReturnsThePreset(string name, int walkers, int steps, int burnIn)
    {
        var options = McmcOptions.FromSetting(name);

        options.Sampler.Walkers.ShouldBe(walkers);
        options.Sampler.Steps.ShouldBe(steps);
        options.Sampler.BurnIn.ShouldBe(burnIn);
        options.Prior.ShouldBe(CurvePriorOptions.Default);
        options.GetProblems().ShouldBeEmpty();
    }

    [Fact]
    public void FromSetting_UnknownName_ThrowsListingKnownNames()
    {
        Should.Throw<InvalidInputException>(() => McmcOptions.FromSetting("slow"))
            .Message.ShouldBe("Unknown MCMC setting 'slow'; known: paper, fast.");
    }

    [Fact]
    public void Validate_EveryFieldInvalid_ListsEveryProblem()
    {
        var options = new McmcOptions
        {
            Sampler = EnsembleSamplerOptions.Fast with { Walkers = 20, Thin = 0 },
            CandidatesPerWalker = 0,
            PredictiveSamples = 0,
            MaxDegreeOfParallelism = -2,
        };

        Should.Throw<InvalidInputException>(options.Validate).Message.ShouldBe(
            "Invalid McmcOptions: Property Sampler.Thin: must be >= 1; was 0; Property CandidatesPerWalker: must be >= 1; was 0; "
            + "Property PredictiveSamples: must be >= 1; was 0; Property MaxDegreeOfParallelism: must be >= 0 (0 = all cores); was -2; "
            + "Property Sampler.Walkers: must be >= 2 x 13 (the prior's dimension) = 26; was 20.");
    }

    [Fact]
    public void Validate_InvalidPrior_PrefixesItsProblems()
    {
        var options = McmcOptions.Fast with { Prior = CurvePriorOptions.Default with { Horizon = 1 } };

        Should.Throw<InvalidInputException>(options.Validate).Message.ShouldBe(
            "Invalid McmcOptions: Property Prior.Horizon: must be in [2, 1000]; was 1.");
    }
}
