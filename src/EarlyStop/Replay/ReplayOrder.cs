using LcPfn.EarlyStop.State;
using LcPfn.EarlyStop.Policies;
using LcPfn.Prior.Data;

namespace LcPfn.EarlyStop.Replay;

/// <summary>
/// One study replayed in one arrival order, as a cursor the engine can pause: <see cref="Advance"/> reports epochs
/// through a fresh <see cref="StudyState"/> until the run at hand reaches a check whose forecast is not cached yet,
/// and says which; the engine forecasts what all paused orders need in one batch and advances them again. Decisions
/// are those of reporting every run straight through, because a paused order resumes at the same report.
/// </summary>
internal sealed class ReplayOrder
{
    private readonly ReplaySimulator.PreparedStudy study;
    private readonly int firstRun;
    private readonly int[] arrival;
    private readonly StudyState state;
    private readonly MetricDirection direction;
    private readonly double scale;
    private readonly BatchedForecastPolicy? forecasts;
    private readonly Func<int, int[]> checkIndexOf;
    private int next;
    private int epochIndex;
    private bool started;
    private double? bestSeen;
    private ReportOutcome outcome;

    /// <param name="study">The study.</param>
    /// <param name="studyIndex">Its position among the studies (seeds its arrival order).</param>
    /// <param name="order">The arrival order's index.</param>
    /// <param name="firstRun">The run number of the study's first run in <paramref name="forecasts"/>.</param>
    /// <param name="policy">Decides.</param>
    /// <param name="forecasts">The batched forecasts, or null when the policy forecasts on its own (or not at all).</param>
    /// <param name="checkIndexOf">For a horizon, each epoch's check index (epoch 1 at [0]) or -1 where no check is due.</param>
    /// <param name="options">Seed and scale.</param>
    public ReplayOrder(ReplaySimulator.PreparedStudy study, int studyIndex, int order, int firstRun, IStoppingPolicy policy,
        BatchedForecastPolicy? forecasts, Func<int, int[]> checkIndexOf, ReplayOptions options)
    {
        this.study = study;
        this.firstRun = firstRun;
        this.forecasts = forecasts;
        this.checkIndexOf = checkIndexOf;
        Order = order;
        arrival = ReplaySimulator.Shuffle(study.Runs.Count, options.Seed, studyIndex, order);
        state = new StudyState(policy, study.Runs.Max(r => r.Horizon));
        direction = policy.Rule.Direction;
        scale = options.Scale;
        Traces = order == 0 ? [] : null;
    }

    /// <summary>The arrival order's index.</summary>
    public int Order { get; }

    /// <summary>True when every run has stopped or completed.</summary>
    public bool Finished { get; private set; }

    /// <summary>Runs stopped or completed so far.</summary>
    public int RunsDone => next;

    /// <summary>Epochs trained.</summary>
    public long EpochsUsed { get; private set; }

    /// <summary>Runs stopped early.</summary>
    public int Stopped { get; private set; }

    /// <summary>Decisions that read a forecast.</summary>
    public long ForecastDecisions { get; private set; }

    /// <summary>The study's regret in the file's units, set when <see cref="Finished"/>.</summary>
    public double Regret { get; private set; }

    /// <summary>What happened to each run, in arrival order; only for order 0, else null.</summary>
    public List<ReplayRunTrace>? Traces { get; }

    /// <summary>
    /// Replays until a check needs a forecast that is not cached, and returns it as (run number, check index);
    /// returns null once the study is finished.
    /// </summary>
    public (int Run, int Check)? Advance(CancellationToken cancellationToken)
    {
        while (next < arrival.Length)
        {
            var run = study.Runs[arrival[next]];
            if (!started)
            {
                state.StartRun(run.RunId, run.Horizon, run.Schedule);
                started = true;
            }
            var checks = forecasts is null ? null : checkIndexOf(run.Horizon);
            while (epochIndex < run.Horizon)
            {
                int epoch = run.Epochs[epochIndex];
                if (checks is not null && checks[epoch - 1] >= 0 && !forecasts!.IsCached(firstRun + arrival[next], epoch))
                    return (firstRun + arrival[next], checks[epoch - 1]);
                outcome = state.Report(run.RunId, epoch, run.Values[epochIndex], cancellationToken);
                epochIndex++;
                if (outcome.Decision.Evaluated) ForecastDecisions++;
                if (outcome.Decision.ShouldStop) break;
            }
            EndRun(run);
        }
        if (!Finished) EndStudy();
        return null;
    }

    private void EndRun(LearningCurve run)
    {
        int trained = epochIndex;
        EpochsUsed += trained;
        double last = run.Values[trained - 1];
        bestSeen = bestSeen is { } seen ? direction.Better(last, seen) : last;
        if (outcome.Decision.ShouldStop) Stopped++;
        Traces?.Add(new ReplayRunTrace(study.Name, study.OriginalIds[arrival[next]], next, run.Horizon, trained, outcome.Decision.ShouldStop, outcome.Decision));
        forecasts?.Passed(firstRun + arrival[next]);
        next++;
        epochIndex = 0;
        started = false;
        outcome = default;
    }

    private void EndStudy()
    {
        double bestAll = study.Runs.Select(r => r.Values[^1]).Aggregate((x, y) => direction.Better(x, y));
        // When every run was stopped, the study's result is the best value it last saw.
        double bestFound = state.BestCompletedFinal ?? bestSeen!.Value;
        Regret = (direction == MetricDirection.Minimize ? bestFound - bestAll : bestAll - bestFound) / scale;
        Finished = true;
    }
}
