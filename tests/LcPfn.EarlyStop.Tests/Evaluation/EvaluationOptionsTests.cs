using LcPfn.EarlyStop.Evaluation;
using LcPfn.Prior;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Evaluation;

public sealed class EvaluationOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        Should.NotThrow(() => new EvaluationOptions().Validate());
    }

    [Fact]
    public void Validate_SeveralProblems_ListsThemAll()
    {
        var options = new EvaluationOptions { Cutoffs = [0.5, 0.2, 1.0], BatchSize = 0, MaxDegreeOfParallelism = -1 };

        Should.Throw<InvalidInputException>(options.Validate).Message.ShouldBe(
            "Invalid EvaluationOptions: Property Cutoffs: must be strictly increasing; 0.2 at index 1; " +
            "Property Cutoffs: each must be in (0, 1); was 1 at index 2; Property BatchSize: must be in [1, 100000]; was 0; " +
            "Property MaxDegreeOfParallelism: must be 0 (all cores) or positive; was -1");
    }
}
