using LcPfn.EarlyStop.Calibration;
using LcPfn.Prior.Baselines;
using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.Replay;
using LcPfn.EarlyStop.Tests.Fakes;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Replay;

/// <summary>
/// The replay engine's batched, cached forecasts (<see cref="BatchedForecastPolicy"/>) against the plain engine (the
/// same policy behind a wrapper the engine does not recognise, so it forecasts at every due report, one at a time).
/// </summary>
public sealed class BatchedReplayTests
{
    private static readonly StopRuleOptions Rule = new() { MinEpochs = 2, CheckInterval = 2, Threshold = 0.1 };

    [Fact]
    public void Batched_DecidesExactlyLikePlain_WithFewerForecastsEachMadeOnce()
    {
        // Two studies with different horizons; a power-law fit reads the whole prefix, so a forecast made from a
        // wrong prefix or for the wrong run would change decisions. Online calibration reads the forecasts too.
        ReplayStudy[] studies = [new("a", Study("a", 40, 30, seed: 1)), new("b", Study("b", 25, 20, seed: 2))];
        var options = new ReplayOptions { Orders = 4, Seed = 11 };
        var batchedForecaster = new CountingExtrapolator(new PowerLawExtrapolator());
        var plainForecaster = new CountingExtrapolator(new PowerLawExtrapolator());

        var batched = ReplaySimulator.Run(studies, new PredictiveStoppingPolicy(batchedForecaster, Rule).WithCalibration(CalibrationSettings.OnlineOnly), options);
        var plain = ReplaySimulator.Run(studies, new OnePerReport(new PredictiveStoppingPolicy(plainForecaster, Rule).WithCalibration(CalibrationSettings.OnlineOnly)), options);

        batched.Stopped.ShouldBeGreaterThan(0);                                // the study exercises stops...
        batched.Stopped.ShouldBeLessThan(studies.Sum(s => s.Runs.Count));       // ...and survivors
        batched.FirstOrder.ShouldBe(plain.FirstOrder);                          // every run's epochs and last decision
        batched.EpochsUsed.ShouldBe(plain.EpochsUsed);
        batched.Stopped.ShouldBe(plain.Stopped);
        batched.Regret.ShouldBe(plain.Regret);
        batched.MaxRegret.ShouldBe(plain.MaxRegret);
        batched.RegretRate.ShouldBe(plain.RegretRate);
        batched.ForecastDecisions.ShouldBe(plain.ForecastDecisions);

        // Each (run, prefix) forecast once, in a few batched calls, and fewer than every check of every run.
        var keys = batchedForecaster.Keys();
        keys.Distinct().Count().ShouldBe(keys.Count);
        batched.Forecasts.ShouldBe(keys.Count);
        int allChecks = studies.Sum(s => s.Runs.Sum(r => ReplaySimulator.CheckPoints(r, Rule).Count()));
        keys.Count.ShouldBeLessThan(allChecks);
        batched.ForecastBatches.ShouldBeGreaterThan(1);                         // survivors' remaining checks came later
        ((long)batched.ForecastBatches).ShouldBeLessThan(plain.ForecastDecisions / 4);
        batched.PeakCachedForecasts.ShouldBeLessThanOrEqualTo(keys.Count);
        // The plain engine forecast at every due report of every order.
        plainForecaster.Keys().Count.ShouldBeGreaterThan(keys.Count);
        plain.Forecasts.ShouldBe(0);
    }

    [Fact]
    public void Batched_DropsARunsForecastsOnceEveryOrderPassedIt()
    {
        var runs = new[] { Curves.Complete("r0", 0.1, 0.2, 0.3, 0.4), Curves.Complete("r1", 0.2, 0.3, 0.4, 0.5) };
        var policy = new BatchedForecastPolicy(new PredictiveStoppingPolicy(new FakeExtrapolator(), Rule), runs, orders: 2);
        policy.Fetch([(0, 2), (0, 3), (1, 2)], CancellationToken.None);
        policy.Made.ShouldBe(3);

        policy.Passed(0);
        policy.IsCached(0, 2).ShouldBeTrue();   // one order still to pass run 0
        policy.Passed(0);
        policy.IsCached(0, 2).ShouldBeFalse();
        policy.IsCached(0, 3).ShouldBeFalse();
        policy.IsCached(1, 2).ShouldBeTrue();
        policy.PeakCached.ShouldBe(3);

        policy.Fetch([(1, 2)], CancellationToken.None);                         // cached: nothing new
        policy.Made.ShouldBe(3);
        policy.Batches.ShouldBe(1);
    }

    /// <summary>Curves a - b·t^-c with seeded noise, in [0.05, 0.95], complete to <paramref name="horizon"/>.</summary>
    private static List<LearningCurve> Study(string name, int count, int horizon, int seed)
    {
        var random = new Random(seed);
        var runs = new List<LearningCurve>();
        for (int i = 0; i < count; i++)
        {
            double a = 0.5 + 0.4 * random.NextDouble(), b = 0.2 + 0.3 * random.NextDouble(), c = 0.3 + random.NextDouble();
            var values = new double[horizon];
            for (int t = 0; t < horizon; t++)
                values[t] = Math.Clamp(a - b * Math.Pow(t + 1, -c) + 0.01 * (random.NextDouble() - 0.5), 0.05, 0.95);
            runs.Add(new LearningCurve($"{name}{i}", name, horizon, [.. Enumerable.Range(1, horizon)], values));
        }
        return runs;
    }

    /// <summary>The policy as an opaque <see cref="IStoppingPolicy"/>: the engine cannot batch it.</summary>
    private sealed class OnePerReport(IStoppingPolicy inner) : IStoppingPolicy
    {
        public string Name => inner.Name;

        public StopRuleOptions Rule => inner.Rule;

        public bool UsesForecast => inner.UsesForecast;

        public CalibrationSettings? Calibration => inner.Calibration;

        public IPredictiveDistribution Forecast(LearningCurve partial, CancellationToken cancellationToken) => inner.Forecast(partial, cancellationToken);

        public StopDecision Decide(StoppingContext context) => inner.Decide(context);
    }

    /// <summary>Records (run id, prefix length) of every request it forwards.</summary>
    private sealed class CountingExtrapolator(ICurveExtrapolator inner) : ICurveExtrapolator
    {
        private readonly List<(string RunId, int Length)> keys = [];
        private readonly Lock gate = new();

        public string Name => inner.Name;

        public List<(string RunId, int Length)> Keys() { lock (gate) return [.. keys]; }

        public IReadOnlyList<IReadOnlyList<IPredictiveDistribution>> Extrapolate(IReadOnlyList<ExtrapolationRequest> requests, CancellationToken cancellationToken = default)
        {
            lock (gate) keys.AddRange(requests.Select(r => (r.RunId, r.Epochs.Count)));
            return inner.Extrapolate(requests, cancellationToken);
        }
    }
}
