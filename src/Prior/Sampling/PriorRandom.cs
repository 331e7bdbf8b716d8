using System.Runtime.CompilerServices;

namespace LcPfn.Prior.Sampling;

/// <summary>
/// A small, fast pseudo-random generator (xoshiro256**, Blackman and Vigna 2018) seeded with SplitMix64.
/// Every prior curve gets its own stream, derived from <c>(seed, index)</c> by <see cref="Create"/>, so a curve's
/// values depend only on the seed and its index, never on threads, chunking or what was sampled before.
/// </summary>
/// <remarks>
/// A mutable struct: pass it by <c>ref</c>. Copying it forks the stream (both copies then produce the same numbers).
/// Not thread-safe; one instance per thread or per curve.
/// </remarks>
public struct PriorRandom
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const double TwoPi = 2.0 * Math.PI;
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double _spareNormal;
    private bool _hasSpare;

    /// <summary>The stream of index <paramref name="stream"/> under <paramref name="seed"/>.</summary>
    /// <param name="seed">The user's seed.</param>
    /// <param name="stream">The stream number (for prior curves: the curve index).</param>
    public static PriorRandom Create(ulong seed, ulong stream)
    {
        // Mix seed and stream through two SplitMix64 finalisers so that neighbouring (seed, stream) pairs give
        // unrelated states; then expand the 64-bit key into the 256-bit state with the SplitMix64 sequence.
        ulong key = Mix(Mix(seed + Golden) ^ (stream * 0xD1B54A32D192ED03UL + 0x2545F4914F6CDD1DUL));
        var rng = new PriorRandom();
        ulong x = key;
        rng._s0 = Mix(x += Golden);
        rng._s1 = Mix(x += Golden);
        rng._s2 = Mix(x += Golden);
        rng._s3 = Mix(x += Golden);
        if ((rng._s0 | rng._s1 | rng._s2 | rng._s3) == 0) rng._s0 = Golden; // the all-zero state is forbidden
        return rng;
    }

    /// <summary>The SplitMix64 finaliser: a bijective 64-bit mix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitRotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitRotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in (0, 1]: never 0, safe for logarithms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextUniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>A standard normal variate (Box-Muller; the second value of each pair is kept for the next call).</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }
        double r = Math.Sqrt(-2.0 * Math.Log(NextDoubleNonZero()));
        (double sin, double cos) = Math.SinCos(TwoPi * NextDouble());
        _spareNormal = r * sin;
        _hasSpare = true;
        return r * cos;
    }

    /// <summary>A normal variate with mean <paramref name="mean"/> and standard deviation <paramref name="stdDev"/>.</summary>
    public double NextNormal(double mean, double stdDev) => mean + stdDev * NextNormal();

    /// <summary>A uniform integer in [<paramref name="low"/>, <paramref name="high"/>] (both inclusive).</summary>
    public int NextInt(int low, int high)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(low, high);
        ulong range = (ulong)((long)high - low) + 1;
        // Lemire's multiply-shift; the tiny bias for ranges far below 2^64 is irrelevant here.
        ulong r = (ulong)(((UInt128)NextUInt64() * range) >> 64);
        return (int)(low + (long)r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong BitRotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
