using LcPfn.Build;
using Shouldly;

namespace LcPfn.Transformer.Tests.Build;

public sealed class ElfVersionNeedPatcherTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string PackagedLibrary()
    {
        string home = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(home, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        File.Exists(path).ShouldBeTrue($"the TorchSharp package must be restored ({path})");
        return path;
    }

    [Fact]
    public void MarkWeak_PackagedLibrary_SetsTheFlagOnExactlyThatEntryAndNothingElse()
    {
        byte[] original = File.ReadAllBytes(PackagedLibrary());
        byte[] image = (byte[])original.Clone();
        var offsets = ElfVersionNeedPatcher.FindFlagOffsets(image, Version);
        offsets.Count.ShouldBe(1);

        ElfVersionNeedPatcher.MarkWeak(image, Version).ShouldBe(ElfPatchOutcome.Patched);

        int flagOffset = offsets[0];
        var changed = Enumerable.Range(0, image.Length).Where(i => image[i] != original[i]).ToArray();
        changed.ShouldBe(new[] { flagOffset });
        (image[flagOffset] & ElfVersionNeedPatcher.VerFlagWeak).ShouldBe(ElfVersionNeedPatcher.VerFlagWeak);
        (original[flagOffset] | ElfVersionNeedPatcher.VerFlagWeak).ShouldBe(image[flagOffset]);
    }

    [Fact]
    public void MarkWeak_SecondRun_ChangesNothing()
    {
        byte[] image = File.ReadAllBytes(PackagedLibrary());
        ElfVersionNeedPatcher.MarkWeak(image, Version).ShouldBe(ElfPatchOutcome.Patched);
        byte[] once = (byte[])image.Clone();
        ElfVersionNeedPatcher.MarkWeak(image, Version).ShouldBe(ElfPatchOutcome.AlreadyWeak);
        image.ShouldBe(once);
    }

    [Fact]
    public void MarkWeak_FileWithoutTheEntry_IsLeftAlone()
    {
        byte[] image = File.ReadAllBytes(PackagedLibrary());
        byte[] copy = (byte[])image.Clone();
        ElfVersionNeedPatcher.MarkWeak(image, "GLIBCXX_9.9.99").ShouldBe(ElfPatchOutcome.EntryNotFound);
        image.ShouldBe(copy);

        byte[] notElf = "not an ELF file at all, just text that is long enough to have a header......"u8.ToArray();
        byte[] notElfCopy = (byte[])notElf.Clone();
        ElfVersionNeedPatcher.MarkWeak(notElf, Version).ShouldBe(ElfPatchOutcome.NotElf64);
        notElf.ShouldBe(notElfCopy);
    }

    [Fact]
    public void MarkWeak_OnDisk_RewritesOnlyWhenNeededAndNeverTheSource()
    {
        string source = PackagedLibrary();
        byte[] sourceBytes = File.ReadAllBytes(source);
        string dir = Directory.CreateTempSubdirectory("lcpfn-elf-").FullName;
        try
        {
            string copy = Path.Combine(dir, "libLibTorchSharp.so");
            File.Copy(source, copy);
            ElfVersionNeedPatcher.MarkWeak(copy, Version).ShouldBe(ElfPatchOutcome.Patched);
            var written = File.GetLastWriteTimeUtc(copy);
            ElfVersionNeedPatcher.MarkWeak(copy, Version).ShouldBe(ElfPatchOutcome.AlreadyWeak);
            File.GetLastWriteTimeUtc(copy).ShouldBe(written);
            File.ReadAllBytes(source).ShouldBe(sourceBytes);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void BuildOutput_CopyOfLibTorchSharp_IsPatched()
    {
        if (ElfVersionNeedPatcher.SystemLibStdCxxHas(Version))
            return; // the build task leaves the file alone on such systems, by design
        string output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        File.Exists(output).ShouldBeTrue();
        byte[] image = File.ReadAllBytes(output);
        ElfVersionNeedPatcher.MarkWeak(image, Version).ShouldBe(ElfPatchOutcome.AlreadyWeak);
    }
}
