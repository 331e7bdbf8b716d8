namespace LcPfn.Prior;

/// <summary>
/// Where <see cref="CurvePrior.SampleParallel"/> writes, curve-major: <c>Noisy[c * T + t]</c> is the value of curve c
/// at epoch t + 1. <see cref="Noiseless"/> and <see cref="Sigma"/> are optional (empty = not wanted).
/// </summary>
/// <param name="Noisy">Noisy values, at least count · T elements.</param>
/// <param name="Noiseless">Noiseless f values, empty or at least count · T elements.</param>
/// <param name="Sigma">Noise standard deviation per curve, empty or at least count elements.</param>
public readonly record struct CurveSampleBuffers(Memory<float> Noisy, Memory<float> Noiseless = default, Memory<float> Sigma = default);
