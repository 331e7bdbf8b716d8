namespace LcPfn.EarlyStop.State;

/// <summary>Where a run of a study stands.</summary>
public enum RunStatus
{
    /// <summary>Reporting epochs; not stopped, not at its horizon.</summary>
    Running,

    /// <summary>Stopped by the policy; it keeps that decision.</summary>
    Stopped,

    /// <summary>Reported its horizon epoch; its last value is its final value.</summary>
    Completed,
}
