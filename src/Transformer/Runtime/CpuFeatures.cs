namespace LcPfn.Transformer.Runtime;

/// <summary>What the CPU offers beyond the baseline, read once from <c>/proc/cpuinfo</c> (Linux; false elsewhere).</summary>
public static class CpuFeatures
{
    private static readonly Lazy<bool> NativeBf16 = new(() => HasAnyFlag(ReadFlags(), "avx512_bf16", "amx_bf16"));

    /// <summary>
    /// Whether the CPU computes bf16 dot products natively (AVX-512 BF16 or AMX), so that LibTorch's bf16 matrix
    /// products run at about twice the fp32 rate; without it they are emulated and slower than fp32.
    /// </summary>
    public static bool HasNativeBf16 => NativeBf16.Value;

    /// <summary>Whether any of <paramref name="wanted"/> is among <paramref name="flags"/> (a cpuinfo <c>flags</c> line's words).</summary>
    internal static bool HasAnyFlag(IReadOnlySet<string> flags, params string[] wanted) => wanted.Any(flags.Contains);

    /// <summary>The words of the first <c>flags</c> line of <c>/proc/cpuinfo</c>; empty when there is none.</summary>
    internal static IReadOnlySet<string> ReadFlags(string path = "/proc/cpuinfo")
    {
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                int colon = line.IndexOf(':');
                if (colon > 0 && line.AsSpan(0, colon).Trim().SequenceEqual("flags"))
                    return line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return new HashSet<string>();
    }
}
