using LcPfn.Prior.Mcmc;
using Shouldly;

namespace LcPfn.Prior.Tests.Mcmc;

public sealed class EnsembleSamplerOptionsTests
{
    [Fact]
    public void Validate_EveryFieldInvalid_ListsEveryProblem()
    {
        var options = new EnsembleSamplerOptions { Walkers = 1, Steps = 0, BurnIn = 3, Thin = 0, StretchScale = 1, MaxDegreeOfParallelism = -1 };

        var ex = Should.Throw<InvalidInputException>(options.Validate);

        ex.Message.ShouldBe("Invalid EnsembleSamplerOptions: Property Walkers: must be >= 2; was 1; Property Steps: must be >= 1; was 0; "
            + "Property BurnIn: must be in [0, Steps) = [0, 0); was 3; Property Thin: must be >= 1; was 0; "
            + "Property StretchScale: must be finite and > 1; was 1; Property MaxDegreeOfParallelism: must be >= 0 (0 = all cores); was -1.");
    }

    [Fact]
    public void Presets_PaperAndFast_HaveDocumentedValues()
    {
        EnsembleSamplerOptions.Paper.ShouldSatisfyAllConditions(
            o => o.Walkers.ShouldBe(100), o => o.Steps.ShouldBe(2_000), o => o.BurnIn.ShouldBe(500), o => o.Thin.ShouldBe(1),
            o => o.StretchScale.ShouldBe(2.0), o => o.KeptSteps.ShouldBe(1_500));
        EnsembleSamplerOptions.Fast.ShouldSatisfyAllConditions(
            o => o.Walkers.ShouldBe(32), o => o.Steps.ShouldBe(300), o => o.BurnIn.ShouldBe(100), o => o.KeptSteps.ShouldBe(200));
        EnsembleSamplerOptions.Paper.GetProblems().ShouldBeEmpty();
        EnsembleSamplerOptions.Fast.GetProblems().ShouldBeEmpty();
    }
}
