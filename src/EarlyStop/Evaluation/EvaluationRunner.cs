using LcPfn.Prior;
using LcPfn.Prior.Baselines;
using LcPfn.Prior.Prediction;

namespace LcPfn.EarlyStop.Evaluation;

/// <summary>What <see cref="EvaluationRunner.Run"/> produced: the model's result (null without a model) and each baseline's.</summary>
/// <param name="Model">The PFN's scores, or null when no model was evaluated.</param>
/// <param name="Baselines">The baselines' scores, in the order asked for.</param>
public sealed record EvaluationRun(EvaluationResult? Model, IReadOnlyList<EvaluationResult> Baselines)
{
    /// <summary>Every result, the model first.</summary>
    public IEnumerable<EvaluationResult> All => Model is null ? Baselines : Baselines.Prepend(Model);
}

/// <summary>Scores a model and the named baselines on one <see cref="EvaluationSet"/>, one method after the other.</summary>
public static class EvaluationRunner
{
    /// <summary>Runs the evaluation. The model is not disposed here (the caller owns it).</summary>
    /// <exception cref="InvalidInputException">
    /// The set is empty (the message lists why curves were skipped), most curves lie outside [0, 1] (forgotten
    /// <c>--scale</c>), or there is nothing to evaluate.
    /// </exception>
    public static EvaluationRun Run(EvaluationSet set, ICurveExtrapolator? model, IReadOnlyList<string> baselines, CurveEvaluator evaluator, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(baselines);
        ArgumentNullException.ThrowIfNull(evaluator);
        if (set.Curves.Count == 0)
        {
            string reasons = string.Join("; ", set.SkippedByReason.Select(kv => $"{kv.Key}: {kv.Value}"));
            throw new InvalidInputException($"No curve left to evaluate ({set.Skipped.Count} skipped{(reasons.Length > 0 ? ": " + reasons : "")}).");
        }
        if (set.SkippedByReason.TryGetValue(EvaluationSet.OutsideUnitInterval, out int outside) && outside > set.Curves.Count)
            throw new InvalidInputException(
                $"{outside} of {outside + set.Curves.Count} curves have values outside [0, 1]; values in percent need --scale 0.01 (other metrics must be normalised to [0, 1], higher is better).");
        if (model is null && baselines.Count == 0)
            throw new InvalidInputException("Nothing to evaluate: no model (--model none) and no baseline (--baselines none).");
        var modelResult = model is null ? null : evaluator.Evaluate(set, model, cancellationToken);
        var baselineResults = baselines.Select(name => evaluator.Evaluate(set, BaselineCatalog.Create(name), cancellationToken)).ToList();
        return new EvaluationRun(modelResult, baselineResults);
    }
}
