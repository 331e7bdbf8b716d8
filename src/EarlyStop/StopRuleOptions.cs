using System.Globalization;
using LcPfn.Prior;
using LcPfn.Transformer.Inference;

namespace LcPfn.EarlyStop;

/// <summary>
/// The options of the predictive stop rule and of the schedule every policy shares (when decisions are made,
/// which direction is better, the metric's range). Validate them with <see cref="Validate"/>; every consumer
/// in this library does so when it is created.
/// </summary>
public sealed record StopRuleOptions
{
    /// <summary>Stop a run when P(final better than best so far) is below this probability, in (0, 1).</summary>
    /// <value>The default is 0.05 (<see cref="StopRuleDefaults.Threshold"/>).</value>
    public double Threshold { get; init; } = StopRuleDefaults.Threshold;

    /// <summary>The first decision is made once a run has reported this epoch, in [1, 100 000].</summary>
    /// <value>The default is 5 epochs (<see cref="StopRuleDefaults.MinEpochs"/>).</value>
    public int MinEpochs { get; init; } = StopRuleDefaults.MinEpochs;

    /// <summary>After the first decision, the next one is due this many epochs later, in [1, 100 000].</summary>
    /// <value>The default is 1: every epoch (<see cref="StopRuleDefaults.CheckInterval"/>).</value>
    public int CheckInterval { get; init; } = StopRuleDefaults.CheckInterval;

    /// <summary>Whether larger or smaller values are better.</summary>
    /// <value>The default is <see cref="MetricDirection.Maximize"/>.</value>
    public MetricDirection Direction { get; init; } = MetricDirection.Maximize;

    /// <summary>
    /// The smallest value the metric can take, finite and below <see cref="UpperBound"/>. Values are mapped
    /// linearly from [LowerBound, UpperBound] to the model's [0, 1] (flipped when minimising); reports outside it are rejected.
    /// </summary>
    /// <value>The default is 0.</value>
    public double LowerBound { get; init; } = StopRuleDefaults.LowerBound;

    /// <summary>The largest value the metric can take, finite and above <see cref="LowerBound"/>.</summary>
    /// <value>The default is 1.</value>
    public double UpperBound { get; init; } = StopRuleDefaults.UpperBound;

    /// <summary>What "best so far" means.</summary>
    /// <value>The default is <see cref="BestSoFarMode.CompletedRuns"/>.</value>
    public BestSoFarMode BestSoFar { get; init; } = BestSoFarMode.CompletedRuns;

    /// <summary>
    /// With <see cref="BestSoFarMode.CompletedAndConfidentPredictions"/>, a running run counts with the value it
    /// reaches with this probability, in [0.5, 1).
    /// </summary>
    /// <value>The default is 0.95.</value>
    public double ConfidenceLevel { get; init; } = StopRuleDefaults.ConfidenceLevel;

    /// <summary>Every problem with these options, one line each (empty when they are valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!(Threshold > 0 && Threshold < 1))
            problems.Add(Problem(nameof(Threshold), "(0, 1)", Threshold));
        if (MinEpochs < 1 || MinEpochs > StopRuleDefaults.MaxEpochs)
            problems.Add(Problem(nameof(MinEpochs), "[1, 100000]", MinEpochs));
        if (CheckInterval < 1 || CheckInterval > StopRuleDefaults.MaxEpochs)
            problems.Add(Problem(nameof(CheckInterval), "[1, 100000]", CheckInterval));
        if (!Enum.IsDefined(Direction))
            problems.Add($"Property {nameof(Direction)}: must be Maximize or Minimize; was {Direction}");
        if (!double.IsFinite(LowerBound))
            problems.Add($"Property {nameof(LowerBound)}: must be finite; was {Format(LowerBound)}");
        if (!double.IsFinite(UpperBound))
            problems.Add($"Property {nameof(UpperBound)}: must be finite; was {Format(UpperBound)}");
        else if (double.IsFinite(LowerBound) && UpperBound <= LowerBound)
            problems.Add($"Property {nameof(UpperBound)}: must be above LowerBound ({Format(LowerBound)}); was {Format(UpperBound)}");
        if (!Enum.IsDefined(BestSoFar))
            problems.Add($"Property {nameof(BestSoFar)}: must be CompletedRuns or CompletedAndConfidentPredictions; was {BestSoFar}");
        if (!(ConfidenceLevel >= 0.5 && ConfidenceLevel < 1))
            problems.Add(Problem(nameof(ConfidenceLevel), "[0.5, 1)", ConfidenceLevel));
        return problems;
    }

    /// <summary>Throws one <see cref="InvalidInputException"/> that lists every problem, or returns these options.</summary>
    /// <exception cref="InvalidInputException">Some option is out of range; the message names each property, its range and its value.</exception>
    public StopRuleOptions Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
            throw new InvalidInputException($"Invalid {nameof(StopRuleOptions)}:{Environment.NewLine}" + string.Join(Environment.NewLine, problems));
        return this;
    }

    private static string Problem(string property, string range, double value) => $"Property {property}: must be in {range}; was {Format(value)}";

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    /// <summary>The linear map between this rule's metric units (its bounds and direction) and the model's.</summary>
    internal MetricScale CreateMetricScale() => new(LowerBound, UpperBound, Direction == MetricDirection.Minimize);
}
