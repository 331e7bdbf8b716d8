using System.Runtime.InteropServices;

namespace LcPfn.Transformer.Runtime;

/// <summary>
/// Keeps the native heap that LibTorch allocates from bounded on Linux (glibc). Each forward pass allocates and frees
/// tensors of several MB. glibc raises its mmap threshold after such a block is freed (up to 32 MB), so later blocks
/// come from the heap of whichever thread ran the pass, and freed heap memory is kept per thread arena: a long batch
/// job whose passes run on changing pool threads grew to 2 GB of resident memory. A fixed mmap threshold (4 MiB: larger
/// blocks are mapped and returned to the system when freed) and at most two new arenas keep it near one pass's working
/// set (the passes themselves run on one thread, decision 0008). Freed memory at the top of an arena is no longer given
/// back after every pass (a 64 MiB trim threshold: giving it back and faulting it in again cost a fifth of the batch
/// job's time in system calls); <see cref="Trim"/> gives it back between large pieces of work.
/// </summary>
/// <remarks>Set once per process, before the first pass; elsewhere (Windows, macOS, musl) it does nothing.</remarks>
internal static partial class NativeHeap
{
    /// <summary>Blocks at least this large are mapped on their own and unmapped when freed: 4 MiB.</summary>
    public const int MmapThresholdBytes = 4 << 20;

    /// <summary>The most malloc arenas: 2 (glibc stops creating more; arenas made before stay).</summary>
    public const int MaxArenas = 2;

    /// <summary>Free memory at the top of an arena that stays until <see cref="Trim"/>: 64 MiB.</summary>
    public const int TrimThresholdBytes = 64 << 20;

    private const int MallocMmapThreshold = -3;   // M_MMAP_THRESHOLD in glibc's malloc.h
    private const int MallocArenaMax = -8;        // M_ARENA_MAX
    private const int MallocTrimThreshold = -1;   // M_TRIM_THRESHOLD

    private static int configured;
    private static volatile bool bounded;

    /// <summary>Applies the settings once; true when glibc accepted them.</summary>
    public static bool Configure()
    {
        if (Interlocked.Exchange(ref configured, 1) == 1 || !OperatingSystem.IsLinux()) return false;
        try
        {
            bounded = Mallopt(MallocMmapThreshold, MmapThresholdBytes) == 1 & Mallopt(MallocArenaMax, MaxArenas) == 1 & Mallopt(MallocTrimThreshold, TrimThresholdBytes) == 1;
            return bounded;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;   // not glibc: its allocator has its own policy
        }
    }

    /// <summary>
    /// Returns the free pages of every arena to the system (glibc <c>malloc_trim(0)</c>); only after
    /// <see cref="Configure"/> succeeded, elsewhere nothing. Costs a walk over the arenas' free lists: call it between
    /// large pieces of work, not per pass.
    /// </summary>
    public static void Trim()
    {
        if (bounded) MallocTrim(0);
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
