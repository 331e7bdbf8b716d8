using System.CommandLine;
using LcPfn.Transformer.Runtime;
using LcPfn.Transformer.Training;

namespace LcPfn.Cli.Commands;

/// <summary><c>lcpfn info</c>: the TorchSharp and LibTorch versions, the device, CUDA availability, threads and the training precision.</summary>
internal sealed class InfoCommand : ICliCommand
{
    public string? Group => null;

    public Command Create()
    {
        var json = CommonOptions.Json();
        var device = CommonOptions.Device();
        var threads = CommonOptions.Threads();
        var command = new Command("info", "Show the TorchSharp/LibTorch versions, the device, whether CUDA is available, and the thread count.") { json, device, threads };
        command.SetAction((parse, _) =>
        {
            var info = TorchRuntime.Initialize(parse.GetValue(device), parse.GetValue(threads));
            var result = new
            {
                TorchsharpVersion = RuntimeInfo.TorchSharpVersion,
                LibtorchVersion = RuntimeInfo.LibTorchVersion,
                Device = info.Device.ToString().ToLowerInvariant(),
                CudaAvailable = info.CudaAvailable,
                Threads = info.Threads,
                LibtorchDirectory = info.LibTorchDirectory,
                DotnetVersion = Environment.Version.ToString(),
                ProcessorCount = Environment.ProcessorCount,
                CpuNativeBf16 = CpuFeatures.HasNativeBf16,
                TrainingPrecision = new TrainingOptions().UsesMixedPrecision(info.Device) ? "bf16" : "fp32",
            };
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                JsonOutput.Write(stdout, result);
            }
            else
            {
                stdout.WriteLine($"TorchSharp {result.TorchsharpVersion}, LibTorch {result.LibtorchVersion}");
                stdout.WriteLine($"device {result.Device}, CUDA available: {result.CudaAvailable}, threads {result.Threads}");
                stdout.WriteLine($"CPU with native bf16: {(result.CpuNativeBf16 ? "yes" : "no")}; training computes in {result.TrainingPrecision} (--precision auto)");
                if (result.LibtorchDirectory is not null) stdout.WriteLine($"LibTorch from {result.LibtorchDirectory}");
            }
            return Task.FromResult(CliApp.Ok);
        });
        return command;
    }
}
