using System.Diagnostics;
using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.State;
using LcPfn.Prior;
using LcPfn.Prior.Data;

namespace LcPfn.EarlyStop.Replay;

/// <summary>
/// Replays recorded studies to measure what a policy saves. In each of K seeded random arrival orders, runs train
/// one after another, epoch by epoch, through a fresh <see cref="StudyState"/> (the same bookkeeping as the embedded
/// callback) until the policy stops them or they reach their horizon. Speed-up = epochs without stopping / epochs
/// used; regret = best final value without stopping − best final value among the completed runs.
/// </summary>
/// <remarks>
/// A run's forecast at an epoch depends on its own curve only, not on the arrival order. So for
/// <see cref="PredictiveStoppingPolicy"/> every (run, check epoch) forecast is computed once, in batched extrapolator
/// calls, before the orders are simulated; the simulation then reads them from the policy's cache.
/// </remarks>
public static class ReplaySimulator
{
    private const int PrefetchRunsPerBatch = 64;

    /// <summary>Replays every study under <paramref name="policy"/>.</summary>
    /// <exception cref="InvalidInputException">A study is empty, or a curve is not complete (the message names the run).</exception>
    public static ReplayResult Run(IReadOnlyList<ReplayStudy> studies, IStoppingPolicy policy, ReplayOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(studies);
        ArgumentNullException.ThrowIfNull(policy);
        options = (options ?? new ReplayOptions()).Validate();
        var prepared = Prepare(studies);
        var clock = Stopwatch.StartNew();
        int forecasts = 0;
        if (policy is PredictiveStoppingPolicy predictive)
            forecasts = Prefetch(prepared, predictive, options, cancellationToken);
        double prefetchSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        long forecastDecisions = 0;

        var direction = policy.Rule.Direction;
        long epochsFull = prepared.Sum(s => s.Runs.Sum(r => (long)r.Horizon));
        double epochsUsed = 0, stopped = 0, regretSum = 0, maxRegret = 0;
        int regretCount = 0, regretHits = 0;
        var firstOrder = new List<ReplayRunTrace>();
        for (int order = 0; order < options.Orders; order++)
        {
            for (int s = 0; s < prepared.Count; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var study = prepared[s];
                var arrival = Shuffle(study.Runs.Count, options.Seed, s, order);
                var state = new StudyState(policy, study.Runs.Max(r => r.Horizon));
                double? bestSeen = null;
                for (int a = 0; a < arrival.Length; a++)
                {
                    var run = study.Runs[arrival[a]];
                    state.StartRun(run.RunId, run.Horizon);
                    ReportOutcome outcome = default;
                    int e = 0;
                    while (e < run.Horizon)
                    {
                        outcome = state.Report(run.RunId, run.Epochs[e], run.Values[e], cancellationToken);
                        e++;
                        if (outcome.Decision.Evaluated) forecastDecisions++;
                        if (outcome.Decision.ShouldStop) break;
                    }
                    epochsUsed += e;
                    double last = run.Values[e - 1];
                    bestSeen = bestSeen is { } seen ? direction.Better(last, seen) : last;
                    if (outcome.Decision.ShouldStop) stopped++;
                    if (order == 0)
                        firstOrder.Add(new ReplayRunTrace(study.Name, study.OriginalIds[arrival[a]], a, run.Horizon, e, outcome.Decision.ShouldStop, outcome.Decision));
                }
                double bestAll = study.Runs.Select(r => r.Values[^1]).Aggregate((x, y) => direction.Better(x, y));
                // When every run was stopped, the study's result is the best value it last saw.
                double bestFound = state.BestCompletedFinal ?? bestSeen!.Value;
                double regret = (direction == MetricDirection.Minimize ? bestFound - bestAll : bestAll - bestFound) / options.Scale;
                regretSum += regret;
                maxRegret = Math.Max(maxRegret, regret);
                regretCount++;
                if (regret > 0) regretHits++;
            }
        }

        return new ReplayResult
        {
            Policy = policy.Name, Rule = policy.Rule, Runs = prepared.Sum(s => s.Runs.Count), Studies = prepared.Count, Orders = options.Orders,
            Stopped = stopped / options.Orders, EpochsUsed = epochsUsed / options.Orders, EpochsFull = epochsFull,
            Regret = regretSum / regretCount, MaxRegret = maxRegret, RegretRate = (double)regretHits / regretCount, FirstOrder = firstOrder,
            PrefetchSeconds = prefetchSeconds, Forecasts = forecasts, SimulationSeconds = clock.Elapsed.TotalSeconds, ForecastDecisions = forecastDecisions,
        };
    }

    /// <summary>
    /// The partial curves a replay forecasts: each run cut at every epoch where <see cref="StopRule.IsCheckDue"/>
    /// fires when every epoch is reported (MinEpochs, MinEpochs + CheckInterval, … below the horizon).
    /// </summary>
    public static IEnumerable<LearningCurve> CheckPoints(LearningCurve run, StopRuleOptions rule)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(rule);
        int last = 0;
        for (int i = 0; i < run.Count; i++)
        {
            int epoch = run.Epochs[i];
            if (!StopRule.IsCheckDue(epoch, run.Horizon, last, rule)) continue;
            last = epoch;
            yield return new LearningCurve(run.RunId, run.Study, run.Horizon, run.Epochs[..(i + 1)], run.Values[..(i + 1)]) { Schedule = run.Schedule };
        }
    }

    private static int Prefetch(List<PreparedStudy> studies, PredictiveStoppingPolicy policy, ReplayOptions options, CancellationToken cancellationToken)
    {
        var runs = studies.SelectMany(s => s.Runs).ToList();
        int total = runs.Sum(r => CheckPoints(r, policy.Rule).Count());
        var clock = Stopwatch.StartNew();
        int done = 0;
        foreach (var batch in runs.Chunk(PrefetchRunsPerBatch))
        {
            var partials = batch.SelectMany(r => CheckPoints(r, policy.Rule)).ToList();
            int before = done;
            policy.Prefetch(partials, new SyncProgress(n => options.Progress?.Report(new ReplayProgress(before + n, total, clock.Elapsed))), cancellationToken);
            done += partials.Count;
        }
        options.Progress?.Report(new ReplayProgress(done, total, clock.Elapsed));
        return done;
    }

    private static List<PreparedStudy> Prepare(IReadOnlyList<ReplayStudy> studies)
    {
        if (studies.Count == 0)
            throw new InvalidInputException("Nothing to replay: no study holds a run.");
        var prepared = new List<PreparedStudy>();
        for (int s = 0; s < studies.Count; s++)
        {
            var study = studies[s];
            if (study.Runs.Count == 0)
                throw new InvalidInputException($"Study '{study.Name}' has no runs to replay.");
            var runs = new List<LearningCurve>(study.Runs.Count);
            var ids = new List<string>(study.Runs.Count);
            foreach (var run in study.Runs)
            {
                if (!run.IsComplete || run.Horizon < 1)
                {
                    throw new InvalidInputException(
                        $"Study '{study.Name}', run '{run.RunId}': replay needs complete curves (every epoch 1..{run.Horizon}); it has {run.Count} epochs.");
                }
                // Ids unique across studies and repeats, so that forecast cache keys never collide.
                runs.Add(run with { RunId = $"{s}:{runs.Count}" });
                ids.Add(run.RunId);
            }
            prepared.Add(new PreparedStudy(study.Name, runs, ids));
        }
        return prepared;
    }

    /// <summary>
    /// A seeded permutation of 0..count-1 for (seed, study, order), the same on every machine and .NET version
    /// (SplitMix64 + Fisher-Yates). Replays use order indexes 0..K-1; other uses should pick other indexes.
    /// </summary>
    public static int[] Shuffle(int count, ulong seed, int study, int order)
    {
        ulong state = seed ^ ((ulong)(uint)study << 32) ^ (uint)order;
        var permutation = Enumerable.Range(0, count).ToArray();
        for (int i = count - 1; i > 0; i--)
        {
            int j = (int)(SplitMix64(ref state) % (ulong)(i + 1));
            (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
        }
        return permutation;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private sealed record PreparedStudy(string Name, List<LearningCurve> Runs, List<string> OriginalIds);

    /// <summary>Reports on the calling thread (unlike <see cref="Progress{T}"/>, which posts to a context).</summary>
    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
