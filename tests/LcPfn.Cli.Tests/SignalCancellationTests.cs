using LcPfn.Cli;
using Shouldly;

namespace LcPfn.Cli.Tests;

public sealed class SignalCancellationTests
{
    [Fact]
    public void Cancel_AfterDispose_IsIgnoredInsteadOfThrowing()
    {
        // A SIGTERM handled while the command unwinds: the handler runs after the source is disposed.
        var stop = new SignalCancellation(CancellationToken.None, listen: false);
        var token = stop.Token;
        stop.Dispose();

        Should.NotThrow(stop.Cancel);
        token.IsCancellationRequested.ShouldBeFalse();
    }

    [Fact]
    public void Cancel_WhileListening_CancelsTheTokenAndSaysASignalAsked()
    {
        using var stop = new SignalCancellation(CancellationToken.None, listen: false);

        stop.Cancel();

        stop.Token.IsCancellationRequested.ShouldBeTrue();
        stop.Signalled.ShouldBeTrue();
    }

    [Fact]
    public void Token_OuterTokenCancelled_IsCancelledWithoutASignal()
    {
        using var outer = new CancellationTokenSource();
        using var stop = new SignalCancellation(outer.Token, listen: false);

        outer.Cancel();

        stop.Token.IsCancellationRequested.ShouldBeTrue();
        stop.Signalled.ShouldBeFalse();
    }

    [Fact]
    public void Dispose_Twice_AndWithRealSignalRegistrations_DoesNotThrow()
    {
        var stop = new SignalCancellation(CancellationToken.None);
        stop.Dispose();

        Should.NotThrow(stop.Dispose);
    }
}
