namespace LcPfn.Prior.Schedules;

/// <summary>The shapes a <see cref="LearningRateSchedule"/> can take.</summary>
public enum ScheduleKind
{
    /// <summary>lr(t) = 1.</summary>
    Constant,

    /// <summary>Cosine annealing from 1 to 0 at the horizon.</summary>
    Cosine,

    /// <summary>Linear warm-up, then cosine annealing to 0 at the horizon.</summary>
    CosineWarmup,

    /// <summary>Linear decay from 1 to 0 at the horizon.</summary>
    Linear,

    /// <summary>Linear warm-up, then linear decay to 0 at the horizon.</summary>
    LinearWarmup,

    /// <summary>×factor after each milestone epoch.</summary>
    Step,

    /// <summary>One-cycle: cosine rise from 1/25 to 1, then cosine decay towards 0.</summary>
    OneCycle,

    /// <summary>Given per-epoch multipliers.</summary>
    Explicit,
}
