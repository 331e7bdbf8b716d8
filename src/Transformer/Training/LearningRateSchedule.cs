namespace LcPfn.Transformer.Training;

/// <summary>
/// Linear warm-up then cosine decay to 0, evaluated per optimiser step (a pure function). The reference steps a
/// per-epoch LambdaLR instead (factor e/250 for e &lt; 250, then cosine; 100 steps per epoch), so its first 100 steps
/// run at lr 0 and lr jumps every 100 steps; here step t gets lr·(t+1)/W during warm-up (never 0) and
/// lr·½(1 + cos(π(t − W)/(T − W))) afterwards. See docs/training.md.
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>The factor (0, 1] multiplying the base learning rate at 0-based step <paramref name="step"/>.</summary>
    /// <param name="step">0-based step, in [0, <paramref name="totalSteps"/>).</param>
    /// <param name="totalSteps">T ≥ 1.</param>
    /// <param name="warmupSteps">W in [0, T).</param>
    public static double Factor(long step, long totalSteps, long warmupSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        if (step < warmupSteps) return (step + 1.0) / warmupSteps;
        double progress = Math.Min(1.0, (double)(step - warmupSteps) / Math.Max(1, totalSteps - warmupSteps));
        return 0.5 * (1.0 + Math.Cos(Math.PI * progress));
    }
}
