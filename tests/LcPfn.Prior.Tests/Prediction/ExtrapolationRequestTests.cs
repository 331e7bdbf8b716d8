using LcPfn.Prior.Prediction;
using LcPfn.Prior.Schedules;
using Shouldly;

namespace LcPfn.Prior.Tests.Prediction;

/// <summary>The one check of a request that every extrapolator (PFN, baselines, MCMC) makes; each message is asserted whole.</summary>
public sealed class ExtrapolationRequestTests
{
    public static TheoryData<ExtrapolationRequest, string> Malformed => new()
    {
        { new ExtrapolationRequest("r", [1], [0.5], 0, [1]), "run 'r': horizon must be a positive number of epochs; was 0." },
        { new ExtrapolationRequest("r", null!, [0.5], 10, [1]), "run 'r': epochs, values and query epochs are required." },
        { new ExtrapolationRequest("r", [1, 2], [0.5], 10, [10]), "run 'r': 2 epochs but 1 values." },
        { new ExtrapolationRequest("r", [1], [0.5], 10, [10], LearningRateSchedule.FromMultipliers([1, 0.5])), "run 'r': the explicit learning-rate schedule lists 2 epochs but the horizon is 10; give one multiplier per epoch up to the horizon." },
        { new ExtrapolationRequest("r", [0], [0.5], 10, [10]), "run 'r', epoch 0: epochs must lie in 1..10 (the horizon)." },
        { new ExtrapolationRequest("r", [3, 2], [0.5, 0.6], 10, [10]), "run 'r', epoch 2: epochs must be strictly increasing; it follows epoch 3." },
        { new ExtrapolationRequest("r", [1, 2], [0.5, double.NegativeInfinity], 10, [10]), "run 'r', epoch 2: the value is -Infinity; values must be finite." },
        { new ExtrapolationRequest("r", [1], [0.5], 10, [0]), "run 'r', query epoch 0: query epochs must lie in 1..10 (the horizon)." },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Validate_Malformed_ThrowsNamingRunAndEpoch(ExtrapolationRequest request, string expected) =>
        Should.Throw<InvalidInputException>(() => request.Validate()).Message.ShouldBe(expected);

    [Fact]
    public void Validate_Defaults_AcceptEmptyCurveNoQueriesAndAnyFiniteValue()
    {
        new ExtrapolationRequest("prior", [], [], 10, [5]).Validate();
        new ExtrapolationRequest("r", [1], [0.5], 10, []).Validate();
        new ExtrapolationRequest("r", [1, 2], [-3.5, 250], 10, [10]).Validate();
    }

    [Fact]
    public void Validate_MinimumObservations_RejectsEmptyCurve() =>
        Should.Throw<InvalidInputException>(() => new ExtrapolationRequest("r", [], [], 10, [5]).Validate(minimumObservations: 1))
            .Message.ShouldBe("run 'r': the curve is empty; at least 1 observed epoch is needed.");

    [Fact]
    public void Validate_RequireQueries_RejectsNoQueries() =>
        Should.Throw<InvalidInputException>(() => new ExtrapolationRequest("r", [1], [0.5], 10, []).Validate(requireQueries: true))
            .Message.ShouldBe("run 'r': no query epochs; ask for at least one epoch to predict.");

    [Fact]
    public void Validate_Bounds_RejectsValueOutsideNamingTheFix() =>
        Should.Throw<InvalidInputException>(() => new ExtrapolationRequest("r", [1, 4], [0.5, 87], 10, [10]).Validate(lower: 0, upper: 1))
            .Message.ShouldBe("run 'r', epoch 4: the value 87 lies outside [0, 1]; normalise the metric (e.g. --scale 0.01 for percent, --minimize for losses) or declare its bounds.");
}
