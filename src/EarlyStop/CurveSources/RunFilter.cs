using LcPfn.EarlyStop.Batch;

namespace LcPfn.EarlyStop.CurveSources;

/// <summary>
/// Notices a run key (study, run id) that comes back after its run was closed, in fixed memory. Keys larger than
/// every key seen so far (numeric ids compare as numbers) are new for certain, so input sorted by run never
/// consults the Bloom filter and never gets a false alarm; other keys are checked against a 16 MiB Bloom filter
/// (8 hashes), whose rare false alarm costs only a needless spill pass.
/// </summary>
internal sealed class RunFilter
{
    private const int Hashes = 8;
    private readonly ulong[] bits;
    private readonly ulong mask;
    private string? maxStudy;
    private string? maxRunId;

    public RunFilter(int bitCount = BatchExtrapolatorDefaults.RunFilterBits * 2)
    {
        if (!int.IsPow2(bitCount) || bitCount < 64) throw new ArgumentOutOfRangeException(nameof(bitCount), "must be a power of two of at least 64");
        bits = new ulong[bitCount / 64];
        mask = (ulong)bitCount - 1;
    }

    /// <summary>Records a key that starts a run; returns false when the key may have been seen before.</summary>
    public bool TryAdd(string study, string runId)
    {
        var isNewMax = maxRunId is null || Compare(study, runId, maxStudy!, maxRunId) > 0;
        var (h1, h2) = Hash(study, runId);
        var maybeSeen = true;
        if (!isNewMax)
        {
            maybeSeen = true;
            for (var i = 0; i < Hashes && maybeSeen; i++)
            {
                var bit = (h1 + (ulong)i * h2) & mask;
                maybeSeen = (bits[bit >> 6] & (1UL << (int)(bit & 63))) != 0;
            }
            if (maybeSeen) return false;
        }
        else
        {
            maxStudy = study;
            maxRunId = runId;
        }
        for (var i = 0; i < Hashes; i++)
        {
            var bit = (h1 + (ulong)i * h2) & mask;
            bits[bit >> 6] |= 1UL << (int)(bit & 63);
        }
        return true;
    }

    /// <summary>FNV-1a over study, a separator and run id; also used to pick spill partitions.</summary>
    public static (ulong H1, ulong H2) Hash(string study, string runId)
    {
        var h = 14695981039346656037UL;
        foreach (var c in study) { h ^= c; h *= 1099511628211UL; }
        h ^= 0x1F; h *= 1099511628211UL;
        foreach (var c in runId) { h ^= c; h *= 1099511628211UL; }
        var h2 = (h ^ (h >> 29)) * 0xBF58476D1CE4E5B9UL;
        h2 ^= h2 >> 32;
        return (h, h2 | 1);
    }

    private static int Compare(string studyA, string runA, string studyB, string runB)
    {
        var c = string.CompareOrdinal(studyA, studyB);
        if (c != 0) return c;
        if (IsDigits(runA) && IsDigits(runB))
        {
            var a = runA.AsSpan().TrimStart('0');
            var b = runB.AsSpan().TrimStart('0');
            if (a.Length != b.Length) return a.Length.CompareTo(b.Length);
            c = a.SequenceCompareTo(b);
            return c != 0 ? c : string.CompareOrdinal(runA, runB);
        }
        return string.CompareOrdinal(runA, runB);
    }

    private static bool IsDigits(string s) => s.Length > 0 && s.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;
}
