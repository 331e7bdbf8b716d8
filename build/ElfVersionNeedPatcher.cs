// Marks one symbol-version requirement of an ELF shared library as weak (VER_FLG_WEAK in .gnu.version_r).
//
// Why: libLibTorchSharp.so (TorchSharp 0.107) lists GLIBCXX_3.4.32 as a required version, for a single
// symbol (std::ios_base_library_init()) that is never relocated. Debian 12 and Ubuntu 22.04 ship
// libstdc++ with GLIBCXX_3.4.30 only, so the dynamic loader refuses the library. A weak requirement
// lets the loader continue; nothing else in the file changes. See docs/decisions/0001-native-glibcxx-fix.md.
//
// This file is compiled twice: into the MSBuild inline task of build/LcPfn.NativeFix.targets (with the
// task class at the bottom) and into tests/LcPfn.Transformer.Tests (with LCPFN_ELF_TESTS defined,
// which leaves the task class out so the tests need no MSBuild assemblies).
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace LcPfn.Build
{
    /// <summary>What <see cref="ElfVersionNeedPatcher.MarkWeak"/> did to a file.</summary>
    public enum ElfPatchOutcome
    {
        /// <summary>The flag was set and the file rewritten.</summary>
        Patched,
        /// <summary>The entry exists and is already weak: the file was not touched.</summary>
        AlreadyWeak,
        /// <summary>The file has no such version requirement: the file was not touched.</summary>
        EntryNotFound,
        /// <summary>The file is not a 64-bit little-endian ELF file with section headers: not touched.</summary>
        NotElf64,
    }

    /// <summary>Sets VER_FLG_WEAK on one <c>Elf64_Vernaux</c> entry of <c>.gnu.version_r</c>.</summary>
    public static class ElfVersionNeedPatcher
    {
        /// <summary>VER_FLG_WEAK from elf.h.</summary>
        public const ushort VerFlagWeak = 0x2;

        private const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>Offsets of the <c>vna_flags</c> fields whose version name equals <paramref name="versionName"/>.</summary>
        /// <returns>An empty list when the image is not ELF64-LE or has no such entry.</returns>
        public static IReadOnlyList<int> FindFlagOffsets(byte[] image, string versionName)
        {
            var found = new List<int>();
            if (!IsElf64LittleEndian(image)) return found;
            long shoff = (long)U64(image, 0x28);
            int shentsize = U16(image, 0x3A);
            int shnum = U16(image, 0x3C);
            if (shoff <= 0 || shentsize < 64 || shoff + (long)shnum * shentsize > image.Length) return found;
            byte[] wanted = Encoding.ASCII.GetBytes(versionName);
            for (int s = 0; s < shnum; s++)
            {
                int sh = checked((int)(shoff + (long)s * shentsize));
                if (U32(image, sh + 4) != ShtGnuVerneed) continue;
                long verneedOff = (long)U64(image, sh + 0x18);
                uint link = U32(image, sh + 0x28);
                uint count = U32(image, sh + 0x2C);
                if (link >= shnum) continue;
                int strSh = checked((int)(shoff + link * (long)shentsize));
                long strOff = (long)U64(image, strSh + 0x18);
                long strSize = (long)U64(image, strSh + 0x20);
                long vn = verneedOff;
                for (uint i = 0; i < count && vn > 0 && vn + 16 <= image.Length; i++)
                {
                    int auxCount = U16(image, (int)vn + 2);
                    long aux = vn + U32(image, (int)vn + 8);
                    for (int a = 0; a < auxCount && aux > 0 && aux + 16 <= image.Length; a++)
                    {
                        uint name = U32(image, (int)aux + 8);
                        if (name < strSize && NameEquals(image, strOff + name, wanted)) found.Add((int)aux + 4);
                        uint next = U32(image, (int)aux + 12);
                        if (next == 0) break;
                        aux += next;
                    }
                    uint vnNext = U32(image, (int)vn + 12);
                    if (vnNext == 0) break;
                    vn += vnNext;
                }
            }
            return found;
        }

        /// <summary>Marks the requirement weak in memory. Only the two bytes of each matching <c>vna_flags</c> change.</summary>
        public static ElfPatchOutcome MarkWeak(byte[] image, string versionName)
        {
            if (!IsElf64LittleEndian(image)) return ElfPatchOutcome.NotElf64;
            var offsets = FindFlagOffsets(image, versionName);
            if (offsets.Count == 0) return ElfPatchOutcome.EntryNotFound;
            bool changed = false;
            foreach (int off in offsets)
            {
                ushort flags = (ushort)U16(image, off);
                if ((flags & VerFlagWeak) != 0) continue;
                flags |= VerFlagWeak;
                image[off] = (byte)(flags & 0xff);
                image[off + 1] = (byte)(flags >> 8);
                changed = true;
            }
            return changed ? ElfPatchOutcome.Patched : ElfPatchOutcome.AlreadyWeak;
        }

        /// <summary>
        /// Patches a file in place, atomically (write to a temporary file, then rename), so that a hard link
        /// into a package cache is never modified. The file is only rewritten when a flag actually changes.
        /// </summary>
        public static ElfPatchOutcome MarkWeak(string path, string versionName)
        {
            byte[] image = File.ReadAllBytes(path);
            var outcome = MarkWeak(image, versionName);
            if (outcome != ElfPatchOutcome.Patched) return outcome;
            // Copy first (keeps the file mode), write the new bytes into the copy, then swap it in with a
            // rename: a hard link into a package cache keeps the old inode and is never modified.
            string tmp = path + ".lcpfn-patch.tmp";
            File.Copy(path, tmp, overwrite: true);
            using (var stream = new FileStream(tmp, FileMode.Open, FileAccess.Write))
            {
                stream.Write(image, 0, image.Length);
            }
            File.Replace(tmp, path, destinationBackupFileName: null);
            return outcome;
        }

        /// <summary>True when a libstdc++ of this system already defines <paramref name="versionName"/>.</summary>
        public static bool SystemLibStdCxxHas(string versionName)
        {
            string[] candidates =
            {
                "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
                "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib64/libstdc++.so.6",
            };
            byte[] wanted = Encoding.ASCII.GetBytes(versionName + "\0");
            foreach (var candidate in candidates)
            {
                if (!File.Exists(candidate)) continue;
                byte[] bytes = File.ReadAllBytes(candidate);
                return IndexOf(bytes, wanted) >= 0; // the first libstdc++ found is the one the loader uses
            }
            return false;
        }

        private static bool IsElf64LittleEndian(byte[] b) =>
            b.Length >= 64 && b[0] == 0x7f && b[1] == (byte)'E' && b[2] == (byte)'L' && b[3] == (byte)'F' && b[4] == 2 && b[5] == 1;

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }
            return -1;
        }

        private static bool NameEquals(byte[] b, long at, byte[] wanted)
        {
            if (at < 0 || at + wanted.Length + 1 > b.Length) return false;
            for (int i = 0; i < wanted.Length; i++)
                if (b[at + i] != wanted[i]) return false;
            return b[at + wanted.Length] == 0;
        }

        private static int U16(byte[] b, int o) => b[o] | (b[o + 1] << 8);
        private static uint U32(byte[] b, int o) => (uint)(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24));
        private static ulong U64(byte[] b, int o) => U32(b, o) | ((ulong)U32(b, o + 4) << 32);
    }
}

#if !LCPFN_ELF_TESTS
namespace LcPfn.Build
{
    /// <summary>MSBuild task: marks GLIBCXX_3.4.32 weak in the output copies of libLibTorchSharp.so.</summary>
    public sealed class PatchGlibcxxRequirement : Microsoft.Build.Utilities.Task
    {
        /// <summary>The library files to patch (copies in the build or publish output, never the package cache).</summary>
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = System.Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        /// <summary>The version requirement to weaken; GLIBCXX_3.4.32 by default.</summary>
        public string VersionName { get; set; } = "GLIBCXX_3.4.32";

        /// <inheritdoc />
        public override bool Execute()
        {
            if (ElfVersionNeedPatcher.SystemLibStdCxxHas(VersionName))
            {
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "libstdc++ already provides {0}: nothing to patch.", VersionName);
                return true;
            }
            foreach (var item in Files)
            {
                string path = item.GetMetadata("FullPath");
                if (path.Contains(System.IO.Path.DirectorySeparatorChar + ".nuget" + System.IO.Path.DirectorySeparatorChar))
                {
                    Log.LogWarning("Refusing to patch {0}: it is in the NuGet cache.", path);
                    continue;
                }
                var outcome = ElfVersionNeedPatcher.MarkWeak(path, VersionName);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, "{0}: {1} {2}", path, VersionName, outcome);
            }
            return !Log.HasLoggedErrors;
        }
    }
}
#endif
