using LcPfn.Prior;
using LcPfn.Prior.Schedules;

namespace LcPfn.EarlyStop.State;

/// <summary>
/// The JSON form of a <see cref="LearningRateSchedule"/> in saved states: the text syntax for named schedules, the
/// multipliers for explicit ones (whose text form names a file that may be gone).
/// </summary>
internal sealed class ScheduleDocument
{
    public string? Text { get; set; }
    public double[]? Multipliers { get; set; }

    public static ScheduleDocument? From(LearningRateSchedule? schedule) => schedule switch
    {
        null => null,
        { Kind: ScheduleKind.Explicit } => new ScheduleDocument { Multipliers = [.. schedule.ExplicitMultipliers] },
        _ => new ScheduleDocument { Text = schedule.ToString() },
    };

    /// <exception cref="InvalidInputException">Neither a valid text nor valid multipliers; the message names <paramref name="where"/>.</exception>
    public LearningRateSchedule ToSchedule(string where)
    {
        try
        {
            if (Multipliers is { } m) return LearningRateSchedule.FromMultipliers(m);
            return LearningRateSchedule.Parse(Text ?? "");
        }
        catch (InvalidInputException ex)
        {
            throw new InvalidInputException($"{where}: the saved schedule is invalid: {ex.Message}", ex);
        }
    }
}
