using LcPfn.Prior.Data;

namespace LcPfn.EarlyStop.Replay;

/// <summary>One study to replay: complete recorded curves that compete with each other.</summary>
/// <param name="Name">Names the study in reports (e.g. the file's study column, or <c>default</c>).</param>
/// <param name="Runs">Complete curves (every epoch 1..horizon observed), in the units the policy's rule expects.</param>
public sealed record ReplayStudy(string Name, IReadOnlyList<LearningCurve> Runs);
