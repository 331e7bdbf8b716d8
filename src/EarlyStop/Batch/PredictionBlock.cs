namespace LcPfn.EarlyStop.Batch;

/// <summary>The predictions of one batch in columns, plus the runs of the batch that were rejected.</summary>
internal sealed class PredictionBlock
{
    public PredictionBlock(int capacity, int quantiles, bool hasBest)
    {
        RunIds = new List<string>(capacity);
        Studies = new List<string>(capacity);
        Cutoffs = new List<int>(capacity);
        Queries = new List<int>(capacity);
        Horizons = new List<int>(capacity);
        Means = new List<double>(capacity);
        Medians = new List<double>(capacity);
        QuantileValues = Enumerable.Range(0, quantiles).Select(_ => new List<double>(capacity)).ToArray();
        PImprove = hasBest ? new List<double?>(capacity) : null;
    }

    public List<string> RunIds { get; }
    public List<string> Studies { get; }
    public List<int> Cutoffs { get; }
    public List<int> Queries { get; }
    public List<int> Horizons { get; }
    public List<double> Means { get; }
    public List<double> Medians { get; }
    public List<double>[] QuantileValues { get; }
    public List<double?>? PImprove { get; }
    public List<BatchRejectedRun> Rejected { get; } = [];

    /// <summary>Runs predicted in this batch.</summary>
    public int Curves { get; set; }

    public long CutoffsSkipped { get; set; }

    public double InputFraction { get; set; }

    public int Count => RunIds.Count;
}
