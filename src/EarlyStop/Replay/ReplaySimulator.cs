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
/// <see cref="PredictiveStoppingPolicy"/> the engine replays every (study, order) side by side through one
/// <see cref="BatchedForecastPolicy"/>: the first few checks of every run (short prefixes, cheap) are forecast up front
/// in one batch; then each order replays until a run reaches a check whose forecast is missing, and the forecasts all
/// paused orders miss are made in one batched call (with all of that run's remaining checks, so it pauses an order
/// once), so forecasts no order reads are mostly not made, each is made once, and the other orders read the cache. A run's forecasts are dropped once every
/// order has passed it. Other policies (or a predictive one behind a wrapper) forecast one report at a time.
/// Decisions are the same either way: each order reports the same epochs in the same sequence.
/// </remarks>
public static class ReplaySimulator
{
    /// <summary>How many of each run's first checks are forecast up front (short prefixes, read in most orders).</summary>
    private const int UpfrontChecks = 6;

    /// <summary>Replays every study under <paramref name="policy"/>.</summary>
    /// <exception cref="InvalidInputException">A study is empty, or a curve is not complete (the message names the run).</exception>
    public static ReplayResult Run(IReadOnlyList<ReplayStudy> studies, IStoppingPolicy policy, ReplayOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(studies);
        ArgumentNullException.ThrowIfNull(policy);
        options = (options ?? new ReplayOptions()).Validate();
        var prepared = Prepare(studies);
        var clock = Stopwatch.StartNew();
        var allRuns = prepared.SelectMany(s => s.Runs).ToList();
        var batched = policy is PredictiveStoppingPolicy predictive ? new BatchedForecastPolicy(predictive, allRuns, options.Orders) : null;
        var acting = (IStoppingPolicy?)batched ?? policy;
        var checkIndexes = new Dictionary<int, int[]>();
        int[] CheckIndexOf(int horizon)
        {
            if (!checkIndexes.TryGetValue(horizon, out var index))
                checkIndexes[horizon] = index = CheckIndexes(horizon, policy.Rule);
            return index;
        }

        var orders = new List<ReplayOrder>(options.Orders * prepared.Count);
        for (int order = 0; order < options.Orders; order++)
        {
            for (int s = 0, firstRun = 0; s < prepared.Count; firstRun += prepared[s].Runs.Count, s++)
                orders.Add(new ReplayOrder(prepared[s], s, order, firstRun, acting, batched, CheckIndexOf, options));
        }

        // Every run's first checks are read in (nearly) every order, and their prefixes are short (cheap to forecast):
        // forecast them all at once.
        batched?.Fetch(allRuns.SelectMany((run, i) => CheckEpochs(CheckIndexOf(run.Horizon), 0, UpfrontChecks).Select(epoch => (i, epoch))), cancellationToken);
        int total = allRuns.Count * options.Orders;
        var active = orders;
        while (active.Count > 0)
        {
            var wanted = new List<(int Run, int Epoch)>();
            var paused = new List<ReplayOrder>();
            foreach (var replay in active)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (replay.Advance(cancellationToken) is not { } need) continue;
                paused.Add(replay);
                // The run survived its first checks in this order: forecast all its remaining checks, so that it
                // pauses its order once (every batched call costs a fixed overhead, whatever its size).
                wanted.AddRange(CheckEpochs(CheckIndexOf(allRuns[need.Run].Horizon), need.Check, int.MaxValue).Select(epoch => (need.Run, epoch)));
            }
            if (wanted.Count > 0) batched!.Fetch(wanted, cancellationToken);
            active = paused;
            options.Progress?.Report(new ReplayProgress(orders.Sum(o => o.RunsDone), total, clock.Elapsed));
        }

        double epochsUsed = 0, stopped = 0, regretSum = 0, maxRegret = 0;
        long forecastDecisions = 0;
        int regretHits = 0;
        foreach (var replay in orders)
        {
            epochsUsed += replay.EpochsUsed;
            stopped += replay.Stopped;
            forecastDecisions += replay.ForecastDecisions;
            regretSum += replay.Regret;
            maxRegret = Math.Max(maxRegret, replay.Regret);
            if (replay.Regret > 0) regretHits++;
        }
        double forecastSeconds = batched?.ForecastTime.TotalSeconds ?? 0;
        return new ReplayResult
        {
            Policy = policy.Name, Rule = policy.Rule, Runs = allRuns.Count, Studies = prepared.Count, Orders = options.Orders,
            Stopped = stopped / options.Orders, EpochsUsed = epochsUsed / options.Orders, EpochsFull = allRuns.Sum(r => (long)r.Horizon),
            Regret = regretSum / orders.Count, MaxRegret = maxRegret, RegretRate = (double)regretHits / orders.Count,
            FirstOrder = orders.Where(o => o.Order == 0).SelectMany(o => o.Traces!).ToList(),
            PrefetchSeconds = forecastSeconds, Forecasts = batched?.Made ?? 0, ForecastBatches = batched?.Batches ?? 0, PeakCachedForecasts = batched?.PeakCached ?? 0,
            SimulationSeconds = clock.Elapsed.TotalSeconds - forecastSeconds, ForecastDecisions = forecastDecisions,
        };
    }

    /// <summary>The epochs of checks <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), given a <see cref="CheckIndexes"/> table.</summary>
    private static IEnumerable<int> CheckEpochs(int[] index, int from, int to)
    {
        for (int epoch = 1; epoch <= index.Length; epoch++)
        {
            if (index[epoch - 1] >= to) yield break;
            if (index[epoch - 1] >= from) yield return epoch;
        }
    }

    /// <summary>For each epoch 1..horizon of a complete curve (at [epoch - 1]): its check index (0 = the first check), or -1.</summary>
    private static int[] CheckIndexes(int horizon, StopRuleOptions rule)
    {
        var index = new int[horizon];
        Array.Fill(index, -1);
        int last = 0, count = 0;
        for (int epoch = 1; epoch <= horizon; epoch++)
        {
            if (!StopRule.IsCheckDue(epoch, horizon, last, rule)) continue;
            last = epoch;
            index[epoch - 1] = count++;
        }
        return index;
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

    internal sealed record PreparedStudy(string Name, List<LearningCurve> Runs, List<string> OriginalIds);
}
