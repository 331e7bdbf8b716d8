namespace LcPfn.EarlyStop.Calibration;

/// <summary>
/// One forecast and the value that actually came: the unit a calibration is fitted from. Values are in the model's
/// convention (increasing is better, [0, 1]), whatever the metric.
/// </summary>
/// <param name="Group">The run the forecast was made for; pairs of one run are not independent, so shrinkage counts
/// runs, not pairs.</param>
/// <param name="CutoffFraction">How far into its horizon the run was when the forecast was made: last observed epoch / horizon, in (0, 1).</param>
/// <param name="Forecast">The forecast of the final value, as a quantile sketch.</param>
/// <param name="Actual">The final value that came.</param>
public sealed record CalibrationPair(string Group, double CutoffFraction, ForecastSketch Forecast, double Actual);
