using System.Runtime.InteropServices;

namespace LcPfn.Cli;

/// <summary>
/// Turns SIGTERM and SIGINT into a cancellation of one command's work (instead of ending the process), linked to
/// the command's own token. A signal that arrives while or after the command unwinds is ignored: the handlers run
/// on another thread and may fire after <see cref="Dispose"/>, which must not become an
/// <see cref="ObjectDisposedException"/> that ends the process with a stack trace.
/// </summary>
internal sealed class SignalCancellation : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration[] _registrations;
    private bool _disposed;

    /// <summary>Starts listening; <see cref="Token"/> is cancelled by a signal or by <paramref name="outer"/>.</summary>
    public SignalCancellation(CancellationToken outer, bool listen = true)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Token = _source.Token; // read once: the property throws once the source is disposed
        _registrations = listen
            ? [PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal)]
            : [];
    }

    /// <summary>Cancelled on SIGTERM, SIGINT or the outer token.</summary>
    public CancellationToken Token { get; }

    /// <summary>Whether a signal (not the outer token) asked to stop.</summary>
    public bool Signalled { get; private set; }

    /// <summary>Cancels <see cref="Token"/> as a signal does; a no-op once disposed.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            if (_disposed) return;
            Signalled = true;
            _source.Cancel();
        }
    }

    /// <summary>Stops listening and releases the token source; later signals are ignored.</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _source.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the command ends itself, deleting its temporary files
        Cancel();
    }
}
