using System.Threading.Channels;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>Micro-batching: waits for one report, then takes what is waiting, up to a size and a latency bound.</summary>
internal static class ReportBatcher
{
    /// <summary>
    /// Returns the next batch (1..<paramref name="maxSize"/> envelopes), or null once the channel is completed
    /// and empty. After the first envelope it waits at most <paramref name="maxDelay"/> for the batch to fill.
    /// </summary>
    public static async ValueTask<List<ReportEnvelope>?> ReadBatchAsync(
        ChannelReader<ReportEnvelope> reader, int maxSize, TimeSpan maxDelay, TimeProvider time, CancellationToken cancellationToken)
    {
        var batch = new List<ReportEnvelope>(Math.Min(maxSize, 64));
        while (batch.Count == 0)
        {
            if (!await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false)) return null;
            Drain(reader, batch, maxSize);
        }
        if (batch.Count >= maxSize || maxDelay <= TimeSpan.Zero) return batch;

        using var window = new CancellationTokenSource(maxDelay, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(window.Token, cancellationToken);
        try
        {
            while (batch.Count < maxSize && await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
                Drain(reader, batch, maxSize);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The latency bound elapsed: decide what we have.
        }
        return batch;
    }

    private static void Drain(ChannelReader<ReportEnvelope> reader, List<ReportEnvelope> batch, int maxSize)
    {
        while (batch.Count < maxSize && reader.TryRead(out var envelope))
            batch.Add(envelope);
    }
}
