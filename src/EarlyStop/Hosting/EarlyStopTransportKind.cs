namespace LcPfn.EarlyStop.Hosting;

/// <summary>Where the worker gets reports from and sends decisions to.</summary>
public enum EarlyStopTransportKind
{
    /// <summary>In-process: callers use <see cref="IEarlyStopClient"/>; a bounded channel, no broker. The default.</summary>
    InProc = 0,

    /// <summary>NATS JetStream: reports, decisions and dead letters are streams; run state is a key-value bucket.</summary>
    Nats = 1,
}
