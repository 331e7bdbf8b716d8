using LcPfn.Prior.Sampling;

namespace LcPfn.Prior.Schedules;

/// <summary>
/// The schedule-aware prior (<see cref="ScheduleCurvePriorOptions"/>): each curve is either an LC-PFN curve with an
/// unknown schedule, or a curve driven by a drawn learning-rate schedule together with its per-epoch multipliers
/// (NaN where the schedule is hidden from the model). Curve i of a seed uses its own random stream, so the output is
/// bit-identical for any thread count. Immutable and thread-safe.
/// </summary>
public sealed class ScheduleCurvePrior
{
    /// <summary>Learning-rate sub-steps per epoch when integrating the schedule.</summary>
    public const int SubSteps = 8;

    /// <summary>Mixed into the seed so schedule streams never coincide with the LC-PFN curve streams.</summary>
    private const ulong Domain = 0x7363686564756C65UL; // "schedule"

    private static readonly ScheduleKind[] Kinds =
    [
        ScheduleKind.Constant, ScheduleKind.Cosine, ScheduleKind.CosineWarmup, ScheduleKind.Linear,
        ScheduleKind.LinearWarmup, ScheduleKind.Step, ScheduleKind.OneCycle,
    ];

    private readonly CurvePrior _lcpfn;
    private readonly double[] _kindCumulative;

    /// <summary>Creates the prior; validates the options.</summary>
    /// <exception cref="InvalidInputException">An option is invalid (the message lists every problem).</exception>
    public ScheduleCurvePrior(ScheduleCurvePriorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _lcpfn = new CurvePrior(CurvePriorOptions.Default with { Horizon = options.Horizon });
        double sum = options.KindWeights.Sum(), running = 0;
        _kindCumulative = [.. options.KindWeights.Select(w => running += w / sum)];
    }

    /// <summary>The options.</summary>
    public ScheduleCurvePriorOptions Options { get; }

    /// <summary>T: curve length.</summary>
    public int Horizon => Options.Horizon;

    /// <summary>
    /// Samples curves <paramref name="firstIndex"/> .. + <paramref name="count"/> − 1, curve-major:
    /// <c>noisy[c·T + t]</c> is curve c after epoch t + 1 and <c>multipliers[c·T + t]</c> the learning-rate multiplier
    /// of that epoch (NaN: unknown). <paramref name="kinds"/>, when not empty, receives each curve's schedule (null for
    /// an LC-PFN curve) for diagnostics and plots.
    /// </summary>
    public void Sample(ulong seed, long firstIndex, int count, Span<float> noisy, Span<float> multipliers, Span<ScheduleDraw> kinds = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int t = Horizon;
        if (noisy.Length < count * t || multipliers.Length < count * t)
            throw new ArgumentException($"noisy and multipliers need {count * t} values each for {count} curves of horizon {t}.");
        ulong streamSeed = PriorRandom.Mix(seed ^ Domain);
        for (int c = 0; c < count; c++)
        {
            long index = firstIndex + c;
            var rng = PriorRandom.Create(streamSeed, (ulong)index);
            var y = noisy.Slice(c * t, t);
            var m = multipliers.Slice(c * t, t);
            ScheduleDraw draw;
            if (rng.NextDouble() < Options.LcPfnShare)
            {
                _lcpfn.Sample(seed, index, 1, y);
                m.Fill(float.NaN);
                draw = default;
            }
            else
            {
                draw = SampleScheduleCurve(ref rng, y, m);
            }
            if (!kinds.IsEmpty) kinds[c] = draw;
        }
    }

    /// <summary><see cref="Sample"/> spread over <paramref name="threads"/> threads (0 = all cores); bit-identical output.</summary>
    public void SampleParallel(ulong seed, long firstIndex, int count, float[] noisy, float[] multipliers, int threads = 0)
    {
        const int Chunk = 256;
        int t = Horizon;
        ArgumentNullException.ThrowIfNull(noisy);
        ArgumentNullException.ThrowIfNull(multipliers);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        if (noisy.Length < (long)count * t || multipliers.Length < (long)count * t)
            throw new ArgumentException($"noisy and multipliers need {(long)count * t} values each for {count} curves of horizon {t}.");
        int chunks = (count + Chunk - 1) / Chunk;
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads == 0 ? Environment.ProcessorCount : threads };
        Parallel.For(0, chunks, options, chunk =>
        {
            int start = chunk * Chunk, n = Math.Min(Chunk, count - start);
            Sample(seed, firstIndex + start, n, noisy.AsSpan(start * t, n * t), multipliers.AsSpan(start * t, n * t));
        });
    }

    private ScheduleDraw SampleScheduleCurve(ref PriorRandom rng, Span<float> y, Span<float> m)
    {
        var o = Options;
        int t = Horizon;
        double ratio = rng.NextDouble() < o.ExtendedHorizonShare ? rng.NextUniform(1, o.MaxHorizonRatio) : 1;
        double horizon = t * ratio;
        var schedule = DrawSchedule(ref rng, horizon);
        bool hidden = rng.NextDouble() < o.HiddenScheduleShare;
        double tau = Math.Exp(rng.NextUniform(Math.Log(o.TimeScale.Min), Math.Log(o.TimeScale.Max)));
        double alpha = rng.NextUniform(o.Exponent.Min, o.Exponent.Max);
        double asymptote = rng.NextUniform(o.Asymptote.Min, o.Asymptote.Max);
        double gap = asymptote * rng.NextUniform(o.GapShare.Min, o.GapShare.Max);
        double rho = rng.NextUniform(o.AnnealShare.Min, o.AnnealShare.Max);
        double lambda = rng.NextUniform(o.AnnealMemory.Min, o.AnnealMemory.Max);
        double sigma0 = Math.Exp(o.LogSigmaMean + o.LogSigmaStd * rng.NextNormal());
        double kappa = Math.Exp(rng.NextUniform(Math.Log(o.NoiseFloor.Min), Math.Log(o.NoiseFloor.Max)));

        // The rate only counts as annealed after the warm-up peak: a rising rate is not "annealing".
        double peak = schedule.Kind switch
        {
            ScheduleKind.CosineWarmup or ScheduleKind.LinearWarmup => schedule.Warmup,
            ScheduleKind.OneCycle => schedule.Warmup > 0 ? schedule.Warmup : LearningRateSchedule.DefaultOneCycleRise * horizon,
            _ => 0,
        };
        double memory = Math.Pow(lambda, 1.0 / SubSteps);
        double area = 0, filtered = 1;
        for (int epoch = 1; epoch <= t; epoch++)
        {
            for (int s = 0; s < SubSteps; s++)
            {
                double time = epoch - 1 + (s + 0.5) / SubSteps;
                double rate = schedule.At(time, horizon);
                area += rate / SubSteps;
                double annealed = time < peak ? 1 : rate;
                filtered = memory * filtered + (1 - memory) * annealed;
            }
            double progress = Math.Pow(1 + area / tau, -alpha);
            double clean = asymptote - gap * ((1 - rho) * progress + rho * filtered);
            double multiplier = schedule.At(epoch - 0.5, horizon);
            double sigma = sigma0 * (kappa + (1 - kappa) * multiplier);
            y[epoch - 1] = (float)(clean + sigma * rng.NextNormal());
            m[epoch - 1] = hidden ? float.NaN : (float)multiplier;
        }
        return new ScheduleDraw(schedule, ratio, hidden);
    }

    private LearningRateSchedule DrawSchedule(ref PriorRandom rng, double horizon)
    {
        double u = rng.NextDouble();
        int k = 0;
        while (k < Kinds.Length - 1 && u >= _kindCumulative[k]) k++;
        var o = Options;
        double Warmup(ref PriorRandom r) => horizon * r.NextUniform(o.WarmupShare.Min, o.WarmupShare.Max);
        switch (Kinds[k])
        {
            case ScheduleKind.Constant: return LearningRateSchedule.Constant;
            case ScheduleKind.Cosine: return LearningRateSchedule.Cosine;
            case ScheduleKind.Linear: return LearningRateSchedule.Linear;
            case ScheduleKind.CosineWarmup: return LearningRateSchedule.CosineWarmup(Warmup(ref rng));
            case ScheduleKind.LinearWarmup: return LearningRateSchedule.LinearWarmup(Warmup(ref rng));
            case ScheduleKind.OneCycle: return LearningRateSchedule.OneCycle(horizon * rng.NextUniform(0.1, 0.45));
            default:
            {
                int count = rng.NextInt(1, 3);
                var milestones = new double[count];
                for (int i = 0; i < count; i++) milestones[i] = Math.Round(horizon * rng.NextUniform(0.2, 0.95));
                double factor = rng.NextDouble() < 0.7 ? 0.1 : rng.NextUniform(0.2, 0.5);
                return LearningRateSchedule.Step([.. milestones.Select(v => Math.Max(v, 1))], factor);
            }
        }
    }
}
