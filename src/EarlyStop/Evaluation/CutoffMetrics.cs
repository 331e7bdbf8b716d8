namespace LcPfn.EarlyStop.Evaluation;

/// <summary>One method's scores at one cutoff fraction, averaged over the curves of the set.</summary>
/// <param name="Fraction">The cutoff fraction of the horizon (0.1 = the first 10 % observed).</param>
/// <param name="Curves">How many curves were scored.</param>
/// <param name="LogLikelihood">Mean over curves of the mean log density of all later observed points (higher is better).</param>
/// <param name="MeanSquaredError">Mean over curves of the squared error of the predictive median at the final epoch.</param>
/// <param name="Coverage90">Fraction of curves whose final value lies in the 5–95 % interval (0.9 if calibrated).</param>
/// <param name="Coverage50">Fraction of curves whose final value lies in the 25–75 % interval (0.5 if calibrated).</param>
/// <param name="Fallbacks">Requests the method could not serve itself and answered with its fallback (counted, not dropped).</param>
public sealed record CutoffMetrics(
    double Fraction,
    int Curves,
    double LogLikelihood,
    double MeanSquaredError,
    double Coverage90,
    double Coverage50,
    long Fallbacks);
