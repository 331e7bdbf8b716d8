using System.Globalization;
using System.Text;

namespace LcPfn.Prior.Schedules;

/// <summary>
/// A learning-rate schedule as a multiplier lr(t)/lr_max of continuous training time t (in epochs, 0 at the start)
/// over a schedule horizon H: the trainer knows it in advance for every future epoch, so the PFN can condition on
/// it. <see cref="Parse"/> and <see cref="ToString"/> share one text syntax (docs/data-formats.md):
/// <c>constant</c>, <c>cosine</c>, <c>cosine-warmup:W</c>, <c>linear</c>, <c>linear-warmup:W</c>,
/// <c>step:M1,M2,...</c> (×0.1 after each milestone epoch), <c>step:M1,M2@G</c> (×G), <c>one-cycle</c>
/// (<c>one-cycle:W</c>), or explicit per-epoch multipliers (<see cref="FromMultipliers"/>; on the command line a file).
/// </summary>
/// <remarks>
/// The multiplier of epoch e (1-based) is the schedule at the epoch's midpoint, t = e − 0.5: what the learning rate
/// averages to over that epoch whether the trainer steps the scheduler per batch or per epoch. Named schedules
/// scale to any horizon: the horizon is the run's, given to <see cref="MultiplierOfEpoch"/>.
/// </remarks>
public sealed class LearningRateSchedule : IEquatable<LearningRateSchedule>
{
    /// <summary>The most milestones a step schedule may have.</summary>
    public const int MaxMilestones = 64;

    /// <summary>The most explicit multipliers (epochs) a schedule may list.</summary>
    public const int MaxExplicitEpochs = 100_000;

    /// <summary>The default factor of a step schedule.</summary>
    public const double DefaultStepFactor = 0.1;

    /// <summary>One-cycle: the share of the horizon spent rising when no warm-up is given (PyTorch's pct_start).</summary>
    public const double DefaultOneCycleRise = 0.3;

    /// <summary>One-cycle: the start multiplier (PyTorch's 1/div_factor).</summary>
    public const double OneCycleStart = 1.0 / 25;

    private readonly double[] _milestones;
    private readonly double[] _explicit;

    private LearningRateSchedule(ScheduleKind kind, double warmup, double[] milestones, double factor, double[] explicitMultipliers)
    {
        Kind = kind;
        Warmup = warmup;
        _milestones = milestones;
        Factor = factor;
        _explicit = explicitMultipliers;
    }

    /// <summary>The shape.</summary>
    public ScheduleKind Kind { get; }

    /// <summary>Warm-up length in epochs (cosine-warmup, linear-warmup, one-cycle), else 0.</summary>
    public double Warmup { get; }

    /// <summary>Step schedule: the epochs after which the rate is multiplied by <see cref="Factor"/>.</summary>
    public IReadOnlyList<double> Milestones => _milestones;

    /// <summary>Step schedule: the factor applied at each milestone.</summary>
    public double Factor { get; }

    /// <summary>Explicit schedule: the multiplier of epoch e at index e − 1.</summary>
    public IReadOnlyList<double> ExplicitMultipliers => _explicit;

    /// <summary>A constant learning rate.</summary>
    public static LearningRateSchedule Constant { get; } = new(ScheduleKind.Constant, 0, [], 1, []);

    /// <summary>Cosine annealing from 1 to 0 over the horizon.</summary>
    public static LearningRateSchedule Cosine { get; } = new(ScheduleKind.Cosine, 0, [], 1, []);

    /// <summary>Linear decay from 1 to 0 over the horizon.</summary>
    public static LearningRateSchedule Linear { get; } = new(ScheduleKind.Linear, 0, [], 1, []);

    /// <summary>Linear warm-up to 1 over <paramref name="warmup"/> epochs, then cosine annealing to 0 at the horizon.</summary>
    public static LearningRateSchedule CosineWarmup(double warmup) => new(ScheduleKind.CosineWarmup, CheckWarmup(warmup), [], 1, []);

    /// <summary>Linear warm-up to 1 over <paramref name="warmup"/> epochs, then linear decay to 0 at the horizon.</summary>
    public static LearningRateSchedule LinearWarmup(double warmup) => new(ScheduleKind.LinearWarmup, CheckWarmup(warmup), [], 1, []);

    /// <summary>One-cycle (PyTorch OneCycleLR, cosine): from 1/25 up to 1 over <paramref name="warmup"/> epochs (0 = 30 % of the horizon), then down to ~0.</summary>
    public static LearningRateSchedule OneCycle(double warmup = 0) => new(ScheduleKind.OneCycle, warmup == 0 ? 0 : CheckWarmup(warmup), [], 1, []);

    /// <summary>Multiplies the rate by <paramref name="factor"/> after each milestone epoch.</summary>
    /// <exception cref="InvalidInputException">No milestones, a milestone ≤ 0, or a factor outside (0, 1].</exception>
    public static LearningRateSchedule Step(IReadOnlyList<double> milestones, double factor = DefaultStepFactor)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        if (milestones.Count is 0 or > MaxMilestones)
            throw new InvalidInputException($"A step schedule needs 1 to {MaxMilestones} milestone epochs; got {milestones.Count}.");
        foreach (var m in milestones)
        {
            if (!(m > 0) || !double.IsFinite(m))
                throw new InvalidInputException($"Step milestone {m.ToString(CultureInfo.InvariantCulture)} must be a positive epoch.");
        }
        if (!(factor > 0 && factor <= 1))
            throw new InvalidInputException($"The step factor must lie in (0, 1]; was {factor.ToString(CultureInfo.InvariantCulture)}.");
        return new LearningRateSchedule(ScheduleKind.Step, 0, [.. milestones.Order()], factor, []);
    }

    /// <summary>Explicit multipliers: epoch e uses <paramref name="multipliers"/>[e − 1].</summary>
    /// <exception cref="InvalidInputException">Empty, too long, or a value that is not finite and ≥ 0 (the message names the epoch).</exception>
    public static LearningRateSchedule FromMultipliers(IReadOnlyList<double> multipliers)
    {
        ArgumentNullException.ThrowIfNull(multipliers);
        if (multipliers.Count is 0 or > MaxExplicitEpochs)
            throw new InvalidInputException($"An explicit schedule needs 1 to {MaxExplicitEpochs} per-epoch multipliers; got {multipliers.Count}.");
        double max = 0;
        for (int i = 0; i < multipliers.Count; i++)
        {
            if (!(multipliers[i] >= 0) || !double.IsFinite(multipliers[i]))
                throw new InvalidInputException($"Schedule epoch {i + 1}: the multiplier must be a finite number >= 0; was {multipliers[i].ToString(CultureInfo.InvariantCulture)}.");
            max = Math.Max(max, multipliers[i]);
        }
        if (max == 0) throw new InvalidInputException("An explicit schedule must have a positive multiplier somewhere; all were 0.");
        // Multipliers are relative to the peak, so a schedule of absolute learning rates works as well.
        return new LearningRateSchedule(ScheduleKind.Explicit, 0, [], 1, [.. multipliers.Select(m => m / max)]);
    }

    /// <summary>
    /// The schedule at time <paramref name="t"/> (epochs since the start) of a schedule horizon
    /// <paramref name="horizon"/>, in [0, 1]. Past the horizon a decaying schedule stays at its end value.
    /// </summary>
    public double At(double t, double horizon)
    {
        double u = Math.Clamp(t / horizon, 0, 1);
        switch (Kind)
        {
            case ScheduleKind.Constant:
                return 1;
            case ScheduleKind.Cosine:
                return 0.5 * (1 + Math.Cos(Math.PI * u));
            case ScheduleKind.Linear:
                return 1 - u;
            case ScheduleKind.CosineWarmup:
            case ScheduleKind.LinearWarmup:
            {
                double w = Math.Min(Warmup, horizon);
                if (t < w) return Math.Max(t, 0) / w;
                double v = horizon > w ? Math.Clamp((t - w) / (horizon - w), 0, 1) : 1;
                return Kind == ScheduleKind.CosineWarmup ? 0.5 * (1 + Math.Cos(Math.PI * v)) : 1 - v;
            }
            case ScheduleKind.OneCycle:
            {
                double w = Warmup > 0 ? Math.Min(Warmup, horizon) : DefaultOneCycleRise * horizon;
                if (t < w) return OneCycleStart + (1 - OneCycleStart) * 0.5 * (1 - Math.Cos(Math.PI * Math.Max(t, 0) / w));
                double v = horizon > w ? Math.Clamp((t - w) / (horizon - w), 0, 1) : 1;
                return 0.5 * (1 + Math.Cos(Math.PI * v));
            }
            case ScheduleKind.Step:
            {
                double m = 1;
                foreach (var milestone in _milestones)
                {
                    if (t >= milestone) m *= Factor;
                }
                return m;
            }
            case ScheduleKind.Explicit:
            {
                int index = Math.Clamp((int)Math.Floor(t), 0, _explicit.Length - 1);
                return _explicit[index];
            }
            default:
                throw new InvalidOperationException($"Unknown schedule kind {Kind}.");
        }
    }

    /// <summary>The multiplier of epoch <paramref name="epoch"/> (1-based) of a run with horizon <paramref name="horizon"/>: the schedule at the epoch's midpoint.</summary>
    /// <exception cref="InvalidInputException">An explicit schedule that does not reach the epoch.</exception>
    public double MultiplierOfEpoch(int epoch, int horizon)
    {
        if (Kind == ScheduleKind.Explicit && epoch > _explicit.Length)
            throw new InvalidInputException($"The explicit schedule lists {_explicit.Length} epochs; epoch {epoch} needs a multiplier (give one per epoch up to the horizon {horizon}).");
        return Kind == ScheduleKind.Explicit ? _explicit[Math.Max(epoch, 1) - 1] : At(epoch - 0.5, horizon);
    }

    /// <summary>
    /// Parses the schedule syntax (case-insensitive; see the class summary). Explicit multipliers are not parsed
    /// here: the CLI reads them from a file (<see cref="ScheduleText.Resolve"/>).
    /// </summary>
    /// <exception cref="InvalidInputException">Unknown name or bad parameter; the message shows the syntax.</exception>
    public static LearningRateSchedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        int colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        string name = (colon < 0 ? trimmed : trimmed[..colon]).ToLowerInvariant();
        string? argument = colon < 0 ? null : trimmed[(colon + 1)..];
        try
        {
            return (name, argument) switch
            {
                ("constant", null) => Constant,
                ("cosine", null) => Cosine,
                ("linear", null) => Linear,
                ("cosine-warmup", not null) => CosineWarmup(Number(argument)),
                ("linear-warmup", not null) => LinearWarmup(Number(argument)),
                ("one-cycle", null) => OneCycle(),
                ("one-cycle", not null) => OneCycle(Number(argument)),
                ("step", not null) => ParseStep(argument),
                _ => throw new InvalidInputException("unknown"),
            };
        }
        catch (InvalidInputException ex)
        {
            string reason = ex.Message == "unknown" ? "" : $" ({ex.Message})";
            throw new InvalidInputException($"'{Truncate(trimmed)}' is not a learning-rate schedule{reason}; use {Syntax}.", ex);
        }
    }

    /// <summary>The accepted syntax, for error messages and help texts.</summary>
    public const string Syntax = "constant, cosine, cosine-warmup:W, linear, linear-warmup:W, step:M1,M2[@G], one-cycle[:W] (W, M epochs) or a file of per-epoch multipliers";

    private static LearningRateSchedule ParseStep(string argument)
    {
        int at = argument.IndexOf('@', StringComparison.Ordinal);
        string list = at < 0 ? argument : argument[..at];
        double factor = at < 0 ? DefaultStepFactor : Number(argument[(at + 1)..]);
        var milestones = list.Split(',').Select(Number).ToArray();
        return Step(milestones, factor);
    }

    private static double Number(string text)
    {
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw new InvalidInputException($"'{Truncate(text)}' is not a number");
        return value;
    }

    private static double CheckWarmup(double warmup)
    {
        if (!(warmup > 0) || !double.IsFinite(warmup))
            throw new InvalidInputException($"The warm-up must be a positive number of epochs; was {warmup.ToString(CultureInfo.InvariantCulture)}");
        return warmup;
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";

    /// <summary>The schedule in the text syntax (explicit schedules: <c>explicit:N</c> with N epochs; they round-trip through files).</summary>
    public override string ToString()
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        return Kind switch
        {
            ScheduleKind.Constant => "constant",
            ScheduleKind.Cosine => "cosine",
            ScheduleKind.Linear => "linear",
            ScheduleKind.CosineWarmup => $"cosine-warmup:{F(Warmup)}",
            ScheduleKind.LinearWarmup => $"linear-warmup:{F(Warmup)}",
            ScheduleKind.OneCycle => Warmup > 0 ? $"one-cycle:{F(Warmup)}" : "one-cycle",
            ScheduleKind.Step => new StringBuilder("step:").AppendJoin(',', _milestones.Select(F)).Append(Factor == DefaultStepFactor ? "" : "@" + F(Factor)).ToString(),
            ScheduleKind.Explicit => $"explicit:{_explicit.Length}",
            _ => Kind.ToString(),
        };
    }

    /// <inheritdoc />
    public bool Equals(LearningRateSchedule? other) =>
        other is not null && Kind == other.Kind && Warmup == other.Warmup && Factor == other.Factor
        && _milestones.AsSpan().SequenceEqual(other._milestones) && _explicit.AsSpan().SequenceEqual(other._explicit);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LearningRateSchedule);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Warmup, Factor, _milestones.Length, _explicit.Length);
}
