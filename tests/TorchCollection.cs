[assembly: Xunit.CollectionBehavior(Xunit.CollectionBehavior.CollectionPerClass)]

namespace LcPfn.Tests;

/// <summary>Tests that change LibTorch's process-wide state (thread count, device) run in this collection, one at a time.</summary>
[Xunit.CollectionDefinition("Torch", DisableParallelization = true)]
public sealed class TorchCollection;
