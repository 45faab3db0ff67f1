using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Torch.Tests;

internal static class Blobs
{
    public const int Features = 4;

    /// <summary>Two Gaussian blobs in 4-D, offset along the diagonal, with features on very different scales.</summary>
    public static (float[] X, int[] Y) Make(int rows, ulong seed)
    {
        var rng = new Xoshiro256StarStar(seed);
        var x = new float[rows * Features];
        var y = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            y[r] = rng.NextInt(2);
            var shift = y[r] == 1 ? 1.5 : -1.5;
            for (var j = 0; j < Features; j++) x[r * Features + j] = (float)((rng.NextGaussian() + shift) * Math.Pow(10, j - 1) + 100 * j);
        }
        return (x, y);
    }
}
