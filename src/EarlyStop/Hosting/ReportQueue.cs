using System.Threading.Channels;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// The worker's intake: a bounded channel that both transports write into and the worker alone reads.
/// When full, writers wait (<see cref="BoundedChannelFullMode.Wait"/>): a fast producer is slowed down, never
/// dropped, and memory stays bounded by <see cref="EarlyStopWorkerOptions.QueueCapacity"/>.
/// </summary>
internal sealed class ReportQueue
{
    private readonly Channel<ReportEnvelope> _channel;

    public ReportQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _channel = Channel.CreateBounded<ReportEnvelope>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // back-pressure: writers wait for room
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>The most envelopes the queue holds.</summary>
    public int Capacity { get; }

    /// <summary>Envelopes waiting now.</summary>
    public int Count => _channel.Reader.Count;

    public ChannelWriter<ReportEnvelope> Writer => _channel.Writer;

    public ChannelReader<ReportEnvelope> Reader => _channel.Reader;
}
