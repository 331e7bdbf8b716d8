using System.CommandLine;
using System.Text.Json;
using Shouldly;

namespace LcPfn.Cli.Tests;

[Collection("Torch")]
public sealed class CliAppTests
{
    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        void Walk(Command command, string prefix)
        {
            foreach (var sub in command.Subcommands)
            {
                string path = (prefix + " " + sub.Name).Trim();
                data.Add(path);
                Walk(sub, path);
            }
        }
        Walk(CliApp.CreateRoot(), "");
        return data;
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task RunAsync_HelpOfEveryCommand_ExitsZeroAndDescribesIt(string commandPath)
    {
        var result = await CliRunner.RunAsync([.. commandPath.Split(' '), "--help"]);
        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("Usage:");
    }

    [Fact]
    public async Task RunAsync_UnknownCommand_ExitsTwoWithMessage()
    {
        var result = await CliRunner.RunAsync("frobnicate");
        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("frobnicate");
    }

    [Fact]
    public async Task RunAsync_BadOptionValue_ExitsTwoWithMessage()
    {
        var result = await CliRunner.RunAsync("info", "--device", "tpu");
        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("tpu");
    }

    [Fact]
    public async Task Train_ScheduleSharesWithAnLcPfnPrior_ExitsTwoBeforeWritingAnything()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"lcpfn-train-{Guid.NewGuid():N}");
        var result = await CliRunner.RunAsync("train", "--out", dir, "--prior", "default", "--lc-pfn-share", "0.5");
        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("'schedules' prior only");
        Directory.Exists(dir).ShouldBeFalse();
    }

    [Fact]
    public async Task Info_Json_ReportsVersionsDeviceAndThreads()
    {
        var result = await CliRunner.RunAsync("info", "--json", "--device", "cpu", "--threads", "1");
        result.ExitCode.ShouldBe(0, result.Stderr);
        using var doc = JsonDocument.Parse(result.Stdout.Trim().Split('\n').Last());
        var root = doc.RootElement;
        root.GetProperty("torchsharp_version").GetString().ShouldBe("0.107.0");
        root.GetProperty("device").GetString().ShouldBe("cpu");
        root.GetProperty("threads").GetInt32().ShouldBe(1);
        root.TryGetProperty("cuda_available", out _).ShouldBeTrue();
        // On the CPU, training computes in bf16 exactly when the CPU has native bf16 arithmetic.
        root.GetProperty("training_precision").GetString().ShouldBe(root.GetProperty("cpu_native_bf16").GetBoolean() ? "bf16" : "fp32");
    }
}
