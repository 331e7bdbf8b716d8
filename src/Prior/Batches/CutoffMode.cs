namespace LcPfn.Prior.Batches;

/// <summary>How the right-censoring cutoff (the number of context points) of a training batch is drawn.</summary>
public enum CutoffMode
{
    /// <summary>One cutoff ~ U{1..S−1} shared by every curve of the batch (the reference's <c>single_eval_pos</c>).</summary>
    PerBatch,

    /// <summary>An independent cutoff ~ U{1..S−1} for each curve.</summary>
    PerCurve,
}
