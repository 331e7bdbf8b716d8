using Microsoft.Extensions.Options;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>Validates the worker's <see cref="StopRuleOptions"/> (section <c>LcPfn:EarlyStop:Rule</c>) on start with the core's own checks.</summary>
internal sealed class StopRuleOptionsValidator : IValidateOptions<StopRuleOptions>
{
    public ValidateOptionsResult Validate(string? name, StopRuleOptions options)
    {
        var problems = options.Problems().ToList();
        if (options.BestSoFar != BestSoFarMode.CompletedRuns)
            problems.Add($"Property BestSoFar: the hosted worker supports only CompletedRuns; was {options.BestSoFar}");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
