using System.Text;
using LcPfn.EarlyStop.Hosting;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Hosting;

public sealed class HostingJsonTests
{
    private static CurveReport? Parse(string json, out string? rejection) => HostingJson.ParseReport(Encoding.UTF8.GetBytes(json), out rejection);

    [Fact]
    public void ParseReport_PythonStyleMessage_ReadsEveryField()
    {
        var report = Parse("""{"study": "cifar", "run_id": "lr-0_01", "epoch": 3, "value": 0.25, "horizon": 50, "direction": "minimize"}""", out var rejection);

        rejection.ShouldBeNull();
        report.ShouldBe(new CurveReport("cifar", "lr-0_01", 3, 0.25, 50, MetricDirection.Minimize));
    }

    [Fact]
    public void ParseReport_NoDirection_DefaultsToMaximize()
    {
        Parse("""{"study":"s","run_id":"r","epoch":1,"value":0.5,"horizon":5}""", out _)!.Direction.ShouldBe(MetricDirection.Maximize);
    }

    [Theory]
    [InlineData("""{"epoch":1}""", "missing field(s): study, run_id, value, horizon")]
    [InlineData("""{"study":"s","run_id":"r","epoch":1,"value":"Infinity","horizon":5}""", "value must be finite; was Infinity")]
    [InlineData("""{"study":"s","run_id":"a.b","epoch":0,"value":1,"horizon":5}""", "run_id 'a.b' contains '.', which a NATS subject token cannot hold (no spaces, '.', '*', '>'); epoch must be in [1, horizon=5]; was 0")]
    [InlineData("""{"study":"s","run_id":"r","epoch":1,"value":1,"horizon":5,"direction":"up"}""", "direction must be \"maximize\" or \"minimize\"; was \"up\"")]
    [InlineData("null", "malformed JSON: the payload is null, not an object")]
    public void ParseReport_BadMessage_SaysWhy(string json, string expected)
    {
        Parse(json, out var rejection).ShouldBeNull();
        rejection.ShouldBe(expected);
    }

    [Fact]
    public void ParseReport_OverTheSizeLimit_IsRejectedWithItsSize()
    {
        var json = $$"""{"study":"s","run_id":"r","epoch":1,"value":0.5,"horizon":10,"direction":"{{new string('x', EarlyStopWorkerDefaults.MaxReportBytes)}}"}""";

        Parse(json, out var rejection).ShouldBeNull();

        rejection.ShouldBe($"report too large: {json.Length} bytes; the limit is {EarlyStopWorkerDefaults.MaxReportBytes} bytes");
    }

    [Fact]
    public void WriteDecision_ThenParse_RoundTrips()
    {
        var decision = new CurveDecision("s", "r", 4, true, "p_improve below 0.05", 0.0123, 0.93, 0.71);

        var json = Encoding.UTF8.GetString(HostingJson.WriteDecision(decision));

        json.ShouldBe("""{"study":"s","run_id":"r","epoch":4,"action":"stop","reason":"p_improve below 0.05","p_improve":0.0123,"best":0.93,"predicted_median":0.71}""");
        HostingJson.ParseDecision(Encoding.UTF8.GetBytes(json)).ShouldBe(decision);
    }
}
