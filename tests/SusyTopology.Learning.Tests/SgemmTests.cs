using SusyTopology.Learning.Kernels;
using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Tests;

public class SgemmTests
{
    private static float[] Random(int n, Xoshiro256StarStar rng) => Enumerable.Range(0, n).Select(_ => rng.NextFloat() * 2 - 1).ToArray();

    private static double[] Reference(float[] a, float[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
                for (var p = 0; p < k; p++)
                    c[i * n + j] += (double)a[i * k + p] * b[p * n + j];
        return c;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(4, 18, 128)]
    [InlineData(64, 128, 256)]
    [InlineData(7, 300, 33)]   // K longer than one panel, ragged M and N
    [InlineData(13, 5, 1)]     // single output column (the logit layer)
    [InlineData(3, 17, 49)]
    [InlineData(1, 256, 128)]  // one row: scoring one event (register-blocked vector-matrix product)
    [InlineData(2, 300, 149)]  // one-row path over two K panels, with 64-, 16- and scalar-wide column blocks
    public void Multiply_matches_a_double_precision_reference(int m, int k, int n)
    {
        var rng = new Xoshiro256StarStar((ulong)(m * 1000 + k * 10 + n));
        var a = Random(m * k, rng);
        var b = Random(k * n, rng);
        var c = new float[m * n];
        Sgemm.Multiply(a, b, c, m, k, n);
        var expected = Reference(a, b, m, k, n);
        for (var i = 0; i < c.Length; i++) Assert.True(Math.Abs(c[i] - expected[i]) < 1e-4 * Math.Sqrt(k), $"element {i}: {c[i]} vs {expected[i]}");
    }

    [Theory]
    [InlineData(18, 128)]
    [InlineData(256, 128)]
    [InlineData(128, 1)]
    [InlineData(37, 83)]
    public void A_row_multiplied_alone_equals_the_same_row_in_a_batch_bit_for_bit(int k, int n)
    {
        // Scoring one held event or a batch of them must give the same probability.
        var rng = new Xoshiro256StarStar((ulong)(k * 7 + n));
        const int m = 12;
        var a = Random(m * k, rng);
        var b = Random(k * n, rng);
        var batch = new float[m * n];
        Sgemm.Multiply(a, b, batch, m, k, n);
        for (var row = 0; row < m; row++)
        {
            var alone = new float[n];
            Sgemm.Multiply(a.AsSpan(row * k, k), b, alone, 1, k, n);
            Assert.Equal(batch.AsSpan(row * n, n).ToArray(), alone);
        }
    }

    [Fact]
    public void Accumulate_adds_to_the_existing_product()
    {
        var rng = new Xoshiro256StarStar(9);
        int m = 9, k = 20, n = 40;
        var a = Random(m * k, rng);
        var b = Random(k * n, rng);
        var c = Enumerable.Repeat(1.5f, m * n).ToArray();
        Sgemm.Multiply(a, b, c, m, k, n, accumulate: true);
        var expected = Reference(a, b, m, k, n);
        for (var i = 0; i < c.Length; i++) Assert.Equal(expected[i] + 1.5, c[i], 3);
    }

    [Theory]
    [InlineData(6, 35)]    // fewer than 8 rows: all scalar
    [InlineData(64, 18)]   // the learner's input activations: 8×8 blocks and a 2-column edge
    [InlineData(256, 128)] // a weight matrix: blocks only
    [InlineData(19, 43)]   // ragged on both sides
    public void Transpose_swaps_rows_and_columns(int rows, int cols)
    {
        var source = Enumerable.Range(0, rows * cols).Select(i => (float)i).ToArray();
        var t = new float[source.Length];
        Sgemm.Transpose(source, t, rows, cols);
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
                Assert.Equal(source[r * cols + c], t[c * rows + r]);
    }

    [Fact]
    public void Undersized_buffers_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Sgemm.Multiply(new float[5], new float[6], new float[4], 2, 3, 2));
    }
}
