using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static TorchSharp.torch;

namespace LcPfn.Transformer.Model;

/// <summary>
/// Bernoulli dropout masks drawn in managed code from a counter-based hash (SplitMix64 of seed + counter), vectorised.
/// LibTorch's CPU <c>dropout</c> draws each element from a locked Mersenne twister, about 20 ns an element: at the small
/// preset that was over a third of a training step. This fills the same mask in about 1 ns an element.
/// </summary>
/// <remarks>
/// Element 2j and 2j + 1 take the low and high 32 bits of <c>SplitMix64(seed + (j + 1)·φ)</c>; an element is kept when
/// its 32 bits are below <c>t = round(keep · 2³²)</c> and then scaled by <c>2³² / t</c>, so the mask's expectation is
/// exactly 1 and the keep probability is within 2⁻³³ of the requested one. The value of element i depends only on
/// (seed, i): the same on any vector width and any thread count.
/// </remarks>
public static class DropoutMask
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const ulong Mix1 = 0xBF58476D1CE4E5B9UL;
    private const ulong Mix2 = 0x94D049BB133111EBUL;
    private const double TwoTo32 = 4294967296.0;

    [ThreadStatic] private static float[]? s_buffer;

    /// <summary>A float32 CPU tensor of <paramref name="shape"/> holding 0 (dropped) or 1/keep (kept).</summary>
    /// <param name="shape">The shape of the tensor to drop out.</param>
    /// <param name="keepProbability">Probability of keeping an element, in (0, 1].</param>
    /// <param name="seed">Selects the mask; the same seed gives the same mask.</param>
    public static Tensor Sample(long[] shape, double keepProbability, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var mask = empty(shape, ScalarType.Float32);
        long count = mask.numel();
        if (count > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(shape), count, "a dropout mask holds at most Array.MaxLength elements");
        var buffer = s_buffer is { } existing && existing.Length >= count ? existing : (s_buffer = new float[count]);
        var values = buffer.AsSpan(0, (int)count);
        Fill(values, keepProbability, seed);
        mask.bytes = MemoryMarshal.AsBytes(values);
        return mask;
    }

    /// <summary>Fills <paramref name="values"/> with the mask of <paramref name="seed"/> (see the remarks of the type).</summary>
    /// <param name="values">The elements, in row-major order.</param>
    /// <param name="keepProbability">Probability of keeping an element, in (0, 1].</param>
    /// <param name="seed">Selects the mask.</param>
    public static void Fill(Span<float> values, double keepProbability, ulong seed)
    {
        if (!(keepProbability > 0 && keepProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(keepProbability), keepProbability, "must be in (0, 1]");
        ulong threshold64 = (ulong)Math.Round(keepProbability * TwoTo32);
        if (threshold64 >= (ulong)uint.MaxValue + 1) { values.Fill(1f); return; }
        uint threshold = (uint)Math.Max(1UL, threshold64);
        float scale = (float)(TwoTo32 / threshold);
        int pairs = values.Length / 2, j = 0;
        ref float first = ref MemoryMarshal.GetReference(values);
        if (Vector512.IsHardwareAccelerated)
        {
            var lanes = Vector512.Create(1UL, 2, 3, 4, 5, 6, 7, 8);
            var thresholds = Vector512.Create(threshold);
            var scales = Vector512.Create(scale);
            for (; j + 8 <= pairs; j += 8)
            {
                var z = (Vector512.Create((ulong)j) + lanes) * Golden + Vector512.Create(seed);
                z = (z ^ Vector512.ShiftRightLogical(z, 30)) * Mix1;
                z = (z ^ Vector512.ShiftRightLogical(z, 27)) * Mix2;
                z ^= Vector512.ShiftRightLogical(z, 31);
                var kept = Vector512.LessThan(z.AsUInt32(), thresholds).AsSingle();  // lane 2i: low half, 2i+1: high half
                (kept & scales).StoreUnsafe(ref first, (nuint)(2 * j));
            }
        }
        for (; j < pairs; j++)
        {
            ulong z = Hash(seed, (ulong)j);
            values[2 * j] = (uint)z < threshold ? scale : 0f;
            values[2 * j + 1] = (uint)(z >> 32) < threshold ? scale : 0f;
        }
        if ((values.Length & 1) != 0)
            values[^1] = (uint)Hash(seed, (ulong)pairs) < threshold ? scale : 0f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(ulong seed, ulong counter)
    {
        ulong z = (counter + 1) * Golden + seed;
        z = (z ^ (z >> 30)) * Mix1;
        z = (z ^ (z >> 27)) * Mix2;
        return z ^ (z >> 31);
    }
}
