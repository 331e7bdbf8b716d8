namespace LcPfn.Prior.Schedules;

/// <summary>What a schedule-prior curve was drawn with: the schedule (null for an LC-PFN curve), its horizon as a multiple of the observed one, and whether the model was told.</summary>
/// <param name="Schedule">The schedule, or null for an LC-PFN curve.</param>
/// <param name="HorizonRatio">Schedule horizon / observed horizon.</param>
/// <param name="Hidden">The multipliers were withheld (NaN).</param>
public readonly record struct ScheduleDraw(LearningRateSchedule? Schedule, double HorizonRatio, bool Hidden);
