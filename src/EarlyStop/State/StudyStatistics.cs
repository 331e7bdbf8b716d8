using LcPfn.EarlyStop.Policies;

namespace LcPfn.EarlyStop.State;

/// <summary>
/// The statistics of a <see cref="StudyState"/> that policies compare a run with: the values reported at each epoch,
/// the running averages of completed runs, the best final value and the best so far. It is the policies'
/// <see cref="IStudyView"/>; used under the study's lock.
/// </summary>
internal sealed class StudyStatistics(StopRuleOptions rule, IReadOnlyDictionary<string, RunRecord> runs) : IStudyView
{
    private static readonly SortedValues Empty = new();

    private readonly Dictionary<int, SortedValues> valuesAt = [];
    private readonly Dictionary<int, SortedValues> completedAveragesAt = [];

    public int CompletedRuns { get; private set; }

    public double? BestCompletedFinal { get; private set; }

    public double? BestSoFar(string runId)
    {
        double? best = BestCompletedFinal;
        if (rule.BestSoFar != BestSoFarMode.CompletedAndConfidentPredictions) return best;
        foreach (var run in runs.Values)
        {
            if (run.Status != RunStatus.Running || run.ConfidentValue is not { } confident || string.Equals(run.RunId, runId, StringComparison.Ordinal))
                continue;
            best = best is { } b ? rule.Direction.Better(confident, b) : confident;
        }
        return best;
    }

    public SortedValues ValuesAt(int epoch) => valuesAt.GetValueOrDefault(epoch) ?? Empty;

    public SortedValues CompletedRunningAveragesAt(int epoch) => completedAveragesAt.GetValueOrDefault(epoch) ?? Empty;

    /// <summary>Counts a value reported at <paramref name="epoch"/>.</summary>
    public void Add(int epoch, double value) => Bucket(valuesAt, epoch).Add(value);

    /// <summary>Counts a run that reached its horizon: its final value and its running averages.</summary>
    public void AddCompleted(RunRecord run)
    {
        CompletedRuns++;
        double final = run.Values[^1];
        BestCompletedFinal = BestCompletedFinal is { } best ? rule.Direction.Better(final, best) : final;
        double sum = 0;
        for (int i = 0; i < run.Count; i++)
        {
            sum += run.Values[i];
            Bucket(completedAveragesAt, run.Epochs[i]).Add(sum / (i + 1));
        }
    }

    private static SortedValues Bucket(Dictionary<int, SortedValues> buckets, int epoch)
    {
        if (!buckets.TryGetValue(epoch, out var bucket))
        {
            bucket = new SortedValues();
            buckets[epoch] = bucket;
        }
        return bucket;
    }
}
