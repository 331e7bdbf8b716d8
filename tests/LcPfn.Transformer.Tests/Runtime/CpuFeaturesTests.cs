using LcPfn.Transformer.Runtime;
using Shouldly;

namespace LcPfn.Transformer.Tests.Runtime;

public sealed class CpuFeaturesTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "lcpfn-cpuinfo-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void ReadFlags_CpuinfoWithBf16_FindsItInTheFlagsLineOnly()
    {
        File.WriteAllLines(_file, [
            "processor\t: 0",
            "model name\t: Some CPU with amx_bf16 in its name",
            "flags\t\t: fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni",
            "bugs\t\t: spectre_v1",
        ]);
        var flags = CpuFeatures.ReadFlags(_file);
        flags.ShouldContain("avx512_bf16");
        flags.ShouldNotContain("amx_bf16");
        CpuFeatures.HasAnyFlag(flags, "avx512_bf16", "amx_bf16").ShouldBeTrue();
    }

    [Fact]
    public void ReadFlags_NoBf16OrNoFile_False()
    {
        File.WriteAllLines(_file, ["processor\t: 0", "flags\t\t: fpu sse2 avx2 avx512f avx512bw"]);
        CpuFeatures.HasAnyFlag(CpuFeatures.ReadFlags(_file), "avx512_bf16", "amx_bf16").ShouldBeFalse();
        CpuFeatures.ReadFlags(_file + ".missing").ShouldBeEmpty();
    }
}
