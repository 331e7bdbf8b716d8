using LcPfn.EarlyStop;
using LcPfn.EarlyStop.Hosting;
using LcPfn.EarlyStop.Policies;
using LcPfn.Prior.Data;
using LcPfn.Prior.Prediction;

namespace LcPfn.Samples.HostedWorker;

/// <summary>
/// Adapts the worker's micro-batches to the library's stop rule: one batched forecast for every run whose check is
/// due (<see cref="PredictiveStoppingPolicy.Prefetch"/>), then <see cref="StopRule.Decide"/> per report. No decision
/// logic of its own; metric values are fractions in [0, 1] (the rule's default bounds).
/// </summary>
internal sealed class PolicyDecisionEngine(ICurveExtrapolator extrapolator) : IDecisionEngine
{
    public IReadOnlyList<CurveDecision> Decide(IReadOnlyList<DecisionRequest> requests, CancellationToken cancellationToken = default)
    {
        var decisions = new CurveDecision[requests.Count];
        foreach (var group in requests.Select((r, i) => (Request: r, Index: i)).GroupBy(x => x.Request.Report.Direction))
        {
            // The worker's report carries Hosting.MetricDirection; the rule uses LcPfn.EarlyStop.MetricDirection.
            var direction = group.Key == LcPfn.EarlyStop.Hosting.MetricDirection.Minimize ? LcPfn.EarlyStop.MetricDirection.Minimize : LcPfn.EarlyStop.MetricDirection.Maximize;
            var rule = new StopRuleOptions { Direction = direction };
            // A policy per call: its forecast cache lives only as long as this batch.
            var policy = new PredictiveStoppingPolicy(extrapolator, rule);
            var items = group.Select(x => (x.Request, x.Index, Curve: ToCurve(x.Request))).ToList();
            bool Due((DecisionRequest Request, int Index, LearningCurve Curve) x) =>
                x.Request.StoppedAtEpoch is null && x.Request.StudyBest is not null
                && StopRule.IsCheckDue(x.Request.Report.Epoch, x.Request.Report.Horizon, 0, rule);
            policy.Prefetch(items.Where(Due).Select(x => x.Curve).ToList(), cancellationToken: cancellationToken);
            foreach (var item in items)
            {
                var report = item.Request.Report;
                if (item.Request.StoppedAtEpoch is { } stoppedAt)
                {
                    decisions[item.Index] = new CurveDecision(report.Study, report.RunId, report.Epoch, true, $"stopped at epoch {stoppedAt}", null, item.Request.StudyBest);
                    continue;
                }
                if (!Due(item))
                {
                    string why = item.Request.StudyBest is null ? "no finished run to compare with yet" : $"no check due at epoch {report.Epoch}";
                    decisions[item.Index] = new CurveDecision(report.Study, report.RunId, report.Epoch, false, why, null, item.Request.StudyBest);
                    continue;
                }
                var decision = StopRule.Decide(item.Curve, item.Request.StudyBest, policy.Forecast(item.Curve, cancellationToken), rule);
                decisions[item.Index] = new CurveDecision(report.Study, report.RunId, report.Epoch, decision.ShouldStop, decision.Reason,
                    decision.ProbabilityOfImprovement, item.Request.StudyBest);
            }
        }
        return decisions;
    }

    private static LearningCurve ToCurve(DecisionRequest request) =>
        new(request.Report.RunKey, request.Report.Study, request.Report.Horizon, [.. request.Epochs], [.. request.Values]);
}
