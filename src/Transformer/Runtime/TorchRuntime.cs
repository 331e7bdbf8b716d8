using System.Runtime.InteropServices;
using TorchSharp;

namespace LcPfn.Transformer.Runtime;

/// <summary>
/// The one place that loads LibTorch and chooses the device. Everything that touches TorchSharp calls
/// <see cref="Initialize"/> first.
/// </summary>
/// <remarks>
/// CPU: the LibTorch of the <c>libtorch-cpu-linux-x64</c> package, found through the app's deps.json.
/// CUDA: no CUDA LibTorch package is served, so when the environment variable <c>LCPFN_LIBTORCH</c> names
/// the <c>torch/lib</c> folder of a PyTorch installation, its libraries are loaded first (c10, torch_cpu,
/// c10_cuda, torch_cuda, torch), then <c>libLibTorchSharp.so</c> from the app folder, then CUDA is initialised.
/// See docs/decisions/0002-device-selection.md.
/// </remarks>
public static class TorchRuntime
{
    /// <summary>The environment variable that names a PyTorch <c>torch/lib</c> folder.</summary>
    public const string LibTorchEnvironmentVariable = "LCPFN_LIBTORCH";

    private static readonly string[] PyTorchLibraries = ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];
    private static readonly Lock Gate = new();
    private static RuntimeInfo? _info;

    /// <summary>
    /// Bounds LibTorch's native heap for long inference jobs (glibc: a fixed 4 MiB mmap threshold and 2 arenas, see
    /// <see cref="NativeHeap"/>): batch extrapolation then holds about half the resident memory, at the price of system
    /// time (every large tensor is mapped and zero-filled again). Not for training, whose steps allocate large tensors
    /// all the time: a step of the small preset took 35–50 % longer with it. Call once, before the model loads: the
    /// extrapolators loaded afterwards also run their passes on a thread of their own (decision 0008).
    /// </summary>
    /// <returns>True when glibc accepted the settings.</returns>
    public static bool BoundNativeHeap()
    {
        bool bounded = NativeHeap.Configure();
        if (bounded) HeapTensorBudgetBytes = NativeHeap.MmapThresholdBytes;
        return bounded;
    }

    /// <summary>
    /// Gives memory that a long job no longer uses back to the system: a full, compacting garbage collection (the large
    /// object heap included, where the buffers of big input row groups live) and, when the native heap is bounded, its
    /// free pages (<see cref="NativeHeap.Trim"/>). Blocks every managed thread for the collection (tens of milliseconds
    /// for a few hundred MB): for a batch job between large pieces of input, never per forecast.
    /// </summary>
    public static void ReleaseFreeMemory()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        NativeHeap.Trim();
    }

    /// <summary>
    /// After <see cref="BoundNativeHeap"/>: the largest tensor the heap reuses (the mmap threshold); larger ones are
    /// mapped and zero-filled anew each time, so inference splits its forward passes to stay below it
    /// (<see cref="Inference.PfnExtrapolator"/>). Null while the heap is not bounded.
    /// </summary>
    public static long? HeapTensorBudgetBytes { get; private set; }

    /// <summary>The state after <see cref="Initialize"/>; null before.</summary>
    public static RuntimeInfo? Current => _info;

    /// <summary>
    /// Loads LibTorch (once per process) and resolves <paramref name="requested"/> to a concrete device.
    /// </summary>
    /// <param name="requested">auto, cpu or cuda.</param>
    /// <param name="threads">CPU threads for LibTorch; 0 means all cores.</param>
    /// <exception cref="InvalidOperationException">CUDA was requested and is not available; the message says what to set.</exception>
    public static RuntimeInfo Initialize(ComputeDevice requested = ComputeDevice.Auto, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        lock (Gate)
        {
            string? libTorchDir = Environment.GetEnvironmentVariable(LibTorchEnvironmentVariable);
            bool cudaLoaded = _info?.CudaAvailable ?? false;
            if (_info is null)
            {
                if (!string.IsNullOrWhiteSpace(libTorchDir))
                    cudaLoaded = LoadPyTorch(libTorchDir);
                else
                    torch.InitializeDeviceType(DeviceType.CPU);
            }

            bool cudaAvailable = cudaLoaded && torch.cuda.is_available();
            if (requested == ComputeDevice.Cuda && !cudaAvailable)
            {
                throw new InvalidOperationException(string.IsNullOrWhiteSpace(libTorchDir)
                    ? $"CUDA was requested but no CUDA LibTorch is loaded. Set {LibTorchEnvironmentVariable} to the torch/lib folder of a CUDA PyTorch installation (for example $(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__))')/lib), or use --device cpu."
                    : $"CUDA was requested but is not available with {LibTorchEnvironmentVariable}={libTorchDir}: check that it is a CUDA build of PyTorch and that a GPU is visible (nvidia-smi), or use --device cpu.");
            }

            int threadCount = threads == 0 ? Environment.ProcessorCount : threads;
            torch.set_num_threads(threadCount);
            var device = requested switch
            {
                ComputeDevice.Cpu => ComputeDevice.Cpu,
                ComputeDevice.Cuda => ComputeDevice.Cuda,
                _ => cudaAvailable ? ComputeDevice.Cuda : ComputeDevice.Cpu,
            };
            _info = new RuntimeInfo(device, cudaAvailable, threadCount, libTorchDir);
            return _info;
        }
    }

    /// <summary>The TorchSharp device for <paramref name="device"/>.</summary>
    public static torch.Device ToTorch(ComputeDevice device) => device == ComputeDevice.Cuda ? torch.CUDA : torch.CPU;

    private static bool LoadPyTorch(string dir)
    {
        if (!Directory.Exists(dir))
            throw new InvalidOperationException($"{LibTorchEnvironmentVariable}={dir} does not exist; it must name the torch/lib folder of a PyTorch installation.");
        foreach (var name in PyTorchLibraries)
        {
            string path = Path.Combine(dir, name);
            if (!File.Exists(path))
            {
                if (name.Contains("cuda", StringComparison.Ordinal)) continue; // a CPU-only PyTorch
                throw new InvalidOperationException($"{LibTorchEnvironmentVariable}={dir} has no {name}; it must name the torch/lib folder of a PyTorch installation.");
            }
            NativeLibrary.Load(path);
        }
        string appDir = AppContext.BaseDirectory;
        string lts = new[] { Path.Combine(appDir, "libLibTorchSharp.so"), Path.Combine(appDir, "runtimes", "linux-x64", "native", "libLibTorchSharp.so") }
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException($"libLibTorchSharp.so was not found next to the application in {appDir}.");
        NativeLibrary.Load(lts);
        bool hasCuda = File.Exists(Path.Combine(dir, "libtorch_cuda.so"));
        torch.InitializeDeviceType(hasCuda ? DeviceType.CUDA : DeviceType.CPU);
        return hasCuda;
    }
}
