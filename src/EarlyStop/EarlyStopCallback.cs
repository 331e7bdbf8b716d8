using LcPfn.EarlyStop.Policies;
using LcPfn.EarlyStop.State;
using LcPfn.Prior;
using LcPfn.Prior.Schedules;

namespace LcPfn.EarlyStop;

/// <summary>
/// The embedded early-stopping callback: a training loop, of any framework, calls <see cref="Report"/> once per
/// epoch and stops the run when the decision says so.
/// <code>
/// var callback = new EarlyStopCallback(new PredictiveStoppingPolicy(PfnExtrapolator.Load(dir)), new() { Horizon = 200 });
/// for (int epoch = 1; epoch &lt;= 200; epoch++)
/// {
///     double accuracy = TrainOneEpoch();
///     if (callback.Report(runId, epoch, accuracy).ShouldStop) break;
/// }
/// </code>
/// Thread-safe: runs may report from many threads at once. Its whole state lives in <see cref="State"/>, which
/// saves to and restores from JSON (<see cref="SaveState"/>, <see cref="Restore"/>).
/// </summary>
public sealed class EarlyStopCallback
{
    private readonly EarlyStopCallbackOptions options;

    /// <summary>Creates a callback for a new study.</summary>
    /// <param name="policy">Decides after each report (<see cref="PredictiveStoppingPolicy"/> for the LC-PFN rule).</param>
    /// <param name="options">Horizon and event; defaults when null.</param>
    /// <param name="timeProvider">Stamps decisions; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="InvalidInputException">The options or the policy's rule are invalid.</exception>
    public EarlyStopCallback(IStoppingPolicy policy, EarlyStopCallbackOptions? options = null, TimeProvider? timeProvider = null)
        : this(new StudyState(policy, (options ?? new EarlyStopCallbackOptions()).Horizon, timeProvider) { Schedule = options?.Schedule }, options)
    {
    }

    private EarlyStopCallback(StudyState state, EarlyStopCallbackOptions? options)
    {
        State = state;
        this.options = options ?? new EarlyStopCallbackOptions();
    }

    /// <summary>The study's state: runs, decisions, best so far.</summary>
    public StudyState State { get; }

    /// <summary>Declares a run with its own horizon (otherwise <see cref="EarlyStopCallbackOptions.Horizon"/>) and, optionally, its own learning-rate schedule.</summary>
    public void StartRun(string runId, int horizon, LearningRateSchedule? schedule = null) => State.StartRun(runId, horizon, schedule);

    /// <summary>
    /// Reports a run's value after an epoch and returns the decision. An unknown run starts. Repeating an epoch with
    /// the same value returns the run's decision again; a stopped run keeps its decision.
    /// </summary>
    /// <exception cref="InvalidInputException">A bad report (NaN/±inf, out-of-order epoch, epoch beyond the horizon,
    /// a different value for a reported epoch, a value outside the bounds); the run's state is unchanged.</exception>
    public StopDecision Report(string runId, int epoch, double value)
    {
        var outcome = State.Report(runId, epoch, value);
        if (outcome.IsNew && options.OnDecision is { } onDecision)
        {
            var pending = onDecision(new OnStopDecisionArguments(outcome.Decision, value, outcome.Status, outcome.Timestamp, CancellationToken.None));
            if (!pending.IsCompletedSuccessfully) pending.AsTask().GetAwaiter().GetResult();
        }
        return outcome.Decision;
    }

    /// <summary>The asynchronous <see cref="Report"/>: awaits the <see cref="EarlyStopCallbackOptions.OnDecision"/> event.</summary>
    public async ValueTask<StopDecision> ReportAsync(string runId, int epoch, double value, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var outcome = State.Report(runId, epoch, value, cancellationToken);
        if (outcome.IsNew && options.OnDecision is { } onDecision)
            await onDecision(new OnStopDecisionArguments(outcome.Decision, value, outcome.Status, outcome.Timestamp, cancellationToken)).ConfigureAwait(false);
        return outcome.Decision;
    }

    /// <summary>The run's latest decision, or null when it has not reported.</summary>
    public StopDecision? LatestDecision(string runId) => State.LatestDecision(runId);

    /// <summary>The state as JSON (see <see cref="StudyState.ToJson"/>).</summary>
    public string SaveState() => State.ToJson();

    /// <summary>Resumes a study from <see cref="SaveState"/>: decisions and the best so far are kept.</summary>
    /// <exception cref="InvalidInputException">The JSON is not a saved study of this policy.</exception>
    public static EarlyStopCallback Restore(string json, IStoppingPolicy policy, EarlyStopCallbackOptions? options = null, TimeProvider? timeProvider = null) =>
        new(StudyState.FromJson(json, policy, timeProvider), options);
}
