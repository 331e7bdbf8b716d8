namespace LcPfn.EarlyStop;

/// <summary>What a decision tells the training loop.</summary>
public enum StopAction
{
    /// <summary>Keep training.</summary>
    Continue,

    /// <summary>Stop this run now: it is very unlikely to beat the best one.</summary>
    Stop,
}
