namespace LcPfn.EarlyStop.Policies;

/// <summary><c>none</c>: every run trains to its horizon. The baseline that replay speed-ups are measured against.</summary>
public sealed class NoStoppingPolicy : IStoppingPolicy
{
    /// <summary>The policy name.</summary>
    public const string PolicyName = "none";

    /// <summary>Creates it; only the rule's direction and bounds matter.</summary>
    public NoStoppingPolicy(StopRuleOptions? rule = null) => Rule = (rule ?? new StopRuleOptions()).Validate();

    /// <inheritdoc />
    public string Name => PolicyName;

    /// <inheritdoc />
    public StopRuleOptions Rule { get; }

    /// <inheritdoc />
    public StopDecision Decide(StoppingContext context) =>
        StopDecision.Skip(context.Run.RunId, context.Run.Epoch, PolicyName, "policy 'none' never stops a run");
}
