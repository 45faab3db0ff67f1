namespace SusyTopology.App.Loading;

/// <summary>The real UCI SUSY sample that ships with the app (data/sample in the repository, data/ beside the binary).</summary>
public static class BundledSample
{
    public const string FileName = "susy-sample.csv.gz";

    public static string Path
    {
        get
        {
            var besideBinary = System.IO.Path.Combine(AppContext.BaseDirectory, "data", FileName);
            if (File.Exists(besideBinary)) return besideBinary;
            for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "data", "sample", FileName);
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException($"The bundled sample {FileName} was not found beside the binary or under data/sample; pass --csv FILE.");
        }
    }
}
