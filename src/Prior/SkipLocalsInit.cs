// stackalloc'd scratch in the sampler is always written before it is read; skipping the zeroing matters in the
// per-curve loops.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
