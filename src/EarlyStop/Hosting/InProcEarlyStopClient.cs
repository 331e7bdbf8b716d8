using System.Threading.Channels;
using LcPfn.Prior;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>The inproc transport: reports go straight into the worker's bounded queue; decisions complete a task.</summary>
internal sealed class InProcEarlyStopClient(ReportQueue queue, TimeProvider time) : IEarlyStopClient
{
    public async Task<CurveDecision> ReportAsync(CurveReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var envelope = new InProcEnvelope(report, ReportValidation.Validate(report), time.GetTimestamp());
        try
        {
            await queue.Writer.WriteAsync(envelope, cancellationToken).ConfigureAwait(false); // waits while the queue is full
        }
        catch (ChannelClosedException ex)
        {
            throw new InvalidOperationException("The early-stopping worker is stopping and takes no new reports.", ex);
        }
        return await envelope.Decision.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class InProcEnvelope(CurveReport report, string? rejection, long receivedTimestamp)
        : ReportEnvelope(rejection is null ? report : null, rejection, receivedTimestamp)
    {
        private readonly TaskCompletionSource<CurveDecision> _decision = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<CurveDecision> Decision => _decision.Task;

        public override string Source => $"inproc:{report.RunKey}@{report.Epoch}";

        public override ValueTask CompleteAsync(CurveDecision decision, CancellationToken cancellationToken)
        {
            _decision.TrySetResult(decision);
            return ValueTask.CompletedTask;
        }

        public override ValueTask RejectAsync(string reason, CancellationToken cancellationToken)
        {
            _decision.TrySetException(new InvalidInputException($"Report {report.RunKey} epoch {report.Epoch} rejected: {reason}"));
            return ValueTask.CompletedTask;
        }

        public override ValueTask ReleaseAsync(CancellationToken cancellationToken)
        {
            _decision.TrySetException(new InvalidOperationException($"Report {report.RunKey} epoch {report.Epoch} was not decided (the worker stopped or failed); report it again."));
            return ValueTask.CompletedTask;
        }
    }
}
