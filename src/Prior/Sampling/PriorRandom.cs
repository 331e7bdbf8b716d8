using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

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

    /// <summary>A standard normal variate (128-layer ziggurat, <see cref="Ziggurat"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextNormal()
    {
        ulong bits = NextUInt64();
        int layer = (int)(bits & (Ziggurat.Layers - 1));
        // Bits 11..63 give a uniform u in [-1, 1); bits 0..6 (the layer) are disjoint from them.
        double u = (long)(bits >> 11) * (2.0 / (1UL << 53)) - 1.0;
        if (Math.Abs(u) < Ziggurat.Ratio[layer]) return u * Ziggurat.X[layer];
        return NextNormalSlow(layer, u);
    }

    private double NextNormalSlow(int layer, double u)
    {
        while (true)
        {
            if (layer == 0)
            {
                // The tail beyond R (Marsaglia 1964).
                double x, y;
                do
                {
                    x = Math.Log(NextDoubleNonZero()) / Ziggurat.TailStart;
                    y = Math.Log(NextDoubleNonZero());
                }
                while (-2 * y < x * x);
                return u < 0 ? x - Ziggurat.TailStart : Ziggurat.TailStart - x;
            }
            double xi = u * Ziggurat.X[layer];
            double f0 = Math.Exp(-0.5 * (Ziggurat.X[layer] * Ziggurat.X[layer] - xi * xi));
            double f1 = Math.Exp(-0.5 * (Ziggurat.X[layer + 1] * Ziggurat.X[layer + 1] - xi * xi));
            if (f1 + NextDouble() * (f0 - f1) < 1.0) return xi;

            ulong bits = NextUInt64();
            layer = (int)(bits & (Ziggurat.Layers - 1));
            u = (long)(bits >> 11) * (2.0 / (1UL << 53)) - 1.0;
            if (Math.Abs(u) < Ziggurat.Ratio[layer]) return u * Ziggurat.X[layer];
        }
    }

    /// <summary>
    /// Fills <paramref name="values"/> with standard normal variates in single precision: Box-Muller over 8 float lanes,
    /// each 64-bit draw giving two 24-bit uniforms. Blocks of 16 values; a partial last block discards the rest.
    /// |z| never exceeds √(2 ln 2^24) ≈ 5.77 (a tail of probability 8e−9 is cut).
    /// </summary>
    public void FillNormal(Span<float> values)
    {
        const float Scale = 1.0f / (1 << 24);
        const int Lanes = 8; // Vector256<float>.Count
        var twoPi = Vector256.Create(2.0f * MathF.PI);
        var minusTwo = Vector256.Create(-2.0f);
        Span<float> tail = stackalloc float[2 * Lanes];
        ref float target = ref MemoryMarshal.GetReference(values);
        // The state lives in locals for the loop so the JIT keeps it in registers (not behind the 'this' reference).
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        for (int done = 0; done < values.Length; done += 2 * Lanes)
        {
            // Eight 64-bit draws = sixteen 32-bit halves; the top 24 bits of each become a uniform.
            ulong r0 = Step(ref s0, ref s1, ref s2, ref s3), r1 = Step(ref s0, ref s1, ref s2, ref s3);
            ulong r2 = Step(ref s0, ref s1, ref s2, ref s3), r3 = Step(ref s0, ref s1, ref s2, ref s3);
            ulong r4 = Step(ref s0, ref s1, ref s2, ref s3), r5 = Step(ref s0, ref s1, ref s2, ref s3);
            ulong r6 = Step(ref s0, ref s1, ref s2, ref s3), r7 = Step(ref s0, ref s1, ref s2, ref s3);
            var bits1 = Vector256.Create(r0, r1, r2, r3).AsUInt32();
            var bits2 = Vector256.Create(r4, r5, r6, r7).AsUInt32();
            var u1 = Vector256.ConvertToSingle((bits1 >>> 8).AsInt32() + Vector256<int>.One) * Scale; // (0, 1]
            var u2 = Vector256.ConvertToSingle((bits2 >>> 8).AsInt32()) * Scale; // [0, 1)
            var radius = Vector256.Sqrt(minusTwo * Vector256.Log(u1));
            var (sin, cos) = Vector256.SinCos(twoPi * u2);
            if (values.Length - done >= 2 * Lanes)
            {
                (radius * cos).StoreUnsafe(ref target, (nuint)done);
                (radius * sin).StoreUnsafe(ref target, (nuint)(done + Lanes));
            }
            else
            {
                ref float t = ref MemoryMarshal.GetReference(tail);
                (radius * cos).StoreUnsafe(ref t);
                (radius * sin).StoreUnsafe(ref t, Lanes);
                tail[..(values.Length - done)].CopyTo(values[done..]);
            }
        }
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
    }

    /// <summary>One xoshiro256** step on state held in locals.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        ulong result = BitRotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitRotateLeft(s3, 45);
        return result;
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
