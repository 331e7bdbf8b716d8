using Microsoft.Extensions.Options;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// The source-generated validator of <see cref="EarlyStopWorkerOptions"/>, run on host start
/// (<c>ValidateOnStart</c>); it calls <see cref="EarlyStopWorkerOptions.Validate"/>, which checks every property together.
/// </summary>
[OptionsValidator]
public sealed partial class EarlyStopWorkerOptionsValidator : IValidateOptions<EarlyStopWorkerOptions>;
