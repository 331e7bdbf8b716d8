using LcPfn.EarlyStop.Hosting;
using Microsoft.Extensions.Logging;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Hosting;

public sealed class LogTextTests
{
    [Fact]
    public void Quote_CrLfInText_CannotStartANewLine()
    {
        var quoted = LogText.Quote("a\r\nX-Evil: 1");

        quoted.ShouldBe("\"a\\r\\nX-Evil: 1\"");
        quoted.ShouldNotContain('\r');
        quoted.ShouldNotContain('\n');
    }

    [Fact]
    public void Quote_AnsiEscapeAndSeparators_AreWrittenAsCodes()
    {
        var quoted = LogText.Quote("\u001b[31mred\u001b[0m\u2028\u202e\u009b");

        quoted.ShouldBe("\"\\u001b[31mred\\u001b[0m\\u2028\\u202e\\u009b\"");
    }

    [Fact]
    public void Quote_QuotesAndBackslashes_AreEscapedSoTheFieldCannotBeClosed()
    {
        LogText.Quote("x\" y\\").ShouldBe("\"x\\\" y\\\\\"");
    }

    [Fact]
    public void Quote_LongText_IsCutWithTheCountLeftOut()
    {
        var quoted = LogText.Quote(new string('a', LogText.MaxLength + 50));

        quoted.ShouldBe("\"" + new string('a', LogText.MaxLength) + "\"…(+50 chars)");
    }

    [Fact]
    public void Quote_SurrogatePairAtTheCut_IsNotSplitAndPairsPassWhole()
    {
        LogText.Quote("ab😀", maxLength: 3).ShouldBe("\"ab\"…(+2 chars)");
        LogText.Quote("😀").ShouldBe("\"😀\"");
        LogText.Quote("\ud800x").ShouldBe("\"\\ud800x\"");
    }

    [Fact]
    public void RunStopped_ForgedFieldsInTheReport_StayOnOneEscapedLine()
    {
        var logger = new CapturingLogger();

        Log.RunStopped(logger, "s\r\n2026-12-01 info: forged", "r\u001b[2J", 3, "reason\nline", 0.1, null);

        var line = logger.Messages.ShouldHaveSingleItem();
        line.ShouldNotContain('\n');
        line.ShouldNotContain('\r');
        line.ShouldNotContain('\u001b');
        line.ShouldContain("\"s\\r\\n2026-12-01 info: forged\"/\"r\\u001b[2J\"");
    }

    [Fact]
    public void ReportRejected_HugeReason_IsBounded()
    {
        var logger = new CapturingLogger();

        Log.ReportRejected(logger, "lcpfn.reports.s", new string('<', 100_000));

        logger.Messages.ShouldHaveSingleItem().Length.ShouldBeLessThan(2 * LogText.MaxLength + 200);
    }

    private sealed class CapturingLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
