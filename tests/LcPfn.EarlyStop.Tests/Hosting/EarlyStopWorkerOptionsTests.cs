using System.ComponentModel.DataAnnotations;
using LcPfn.EarlyStop.Hosting;
using Shouldly;

namespace LcPfn.EarlyStop.Tests.Hosting;

public sealed class EarlyStopWorkerOptionsTests
{
    private static List<string> Problems(EarlyStopWorkerOptions options) =>
        [.. options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage ?? "")];

    [Fact]
    public void Validate_DefaultsAndANamedSchedule_HaveNoProblem()
    {
        Problems(new EarlyStopWorkerOptions()).ShouldBeEmpty();
        Problems(new EarlyStopWorkerOptions { Schedule = "cosine-warmup:5" }).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_ABadScheduleOrAFilePath_IsNamed()
    {
        Problems(new EarlyStopWorkerOptions { Schedule = "cosinus" }).ShouldContain(p => p.StartsWith("Property Schedule:"));
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "1\n0.5\n");
            Problems(new EarlyStopWorkerOptions { Schedule = path }).ShouldContain(p => p.StartsWith("Property Schedule:"), "a worker never reads files named in configuration");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Validate_MaxBatchesInFlightOutOfRange_IsNamedWithItsRange()
    {
        Problems(new EarlyStopWorkerOptions { MaxBatchesInFlight = 0 }).ShouldContain("Property MaxBatchesInFlight: must be in [1, 64]; was 0");
        Problems(new EarlyStopWorkerOptions { MaxBatchesInFlight = 1 }).ShouldBeEmpty("1 turns pipelining off");
    }
}
