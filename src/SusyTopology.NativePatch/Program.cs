using SusyTopology.NativePatch;

const string usage = """
    susy-elf-patch: marks a symbol-version requirement of an ELF shared library weak (idempotent).

    usage: susy-elf-patch weaken LIBRARY NEEDED-FILE VERSION
           susy-elf-patch list LIBRARY

      weaken  e.g. weaken libLibTorchSharp.so libstdc++.so.6 GLIBCXX_3.4.32
      list    prints every requirement as FILE VERSION [weak]
    """;

if (args is ["--help" or "-h"] or [])
{
    Console.WriteLine(usage);
    return args.Length == 0 ? 2 : 0;
}
try
{
    switch (args)
    {
        case ["weaken", var library, var file, var version]:
            var result = ElfFilePatcher.MarkWeak(library, file, version);
            Console.WriteLine(result switch
            {
                WeakenResult.Patched => $"susy-elf-patch: {library}: {file} {version} marked weak",
                WeakenResult.AlreadyWeak => $"susy-elf-patch: {library}: {file} {version} already weak",
                _ => $"susy-elf-patch: {library}: does not require {file} {version}; unchanged",
            });
            return 0;
        case ["list", var library]:
            foreach (var need in ElfVersionNeeds.Read(File.ReadAllBytes(library)))
                Console.WriteLine($"{need.File} {need.Version}{(need.IsWeak ? " weak" : "")}");
            return 0;
        default:
            Console.Error.WriteLine(usage);
            return 2;
    }
}
catch (Exception e) when (e is ElfFormatException or IOException or UnauthorizedAccessException or ArgumentException)
{
    Console.Error.WriteLine($"susy-elf-patch: {e.Message}");
    return 1;
}
