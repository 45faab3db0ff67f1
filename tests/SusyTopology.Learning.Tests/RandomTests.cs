using SusyTopology.Learning.Model;

namespace SusyTopology.Learning.Tests;

public class RandomTests
{
    [Fact]
    public void FillMask_draws_four_16_bit_lanes_per_generator_step()
    {
        var a = new Xoshiro256StarStar(123);
        var b = new Xoshiro256StarStar(123);
        var mask = new float[10_001]; // not a multiple of four: the last step uses one lane
        a.FillMask(mask, 0.4f, 2.5f);
        var threshold = (ulong)Math.Ceiling(0.4f * 65536.0);
        ulong word = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            if (i % 4 == 0) word = b.NextUInt64();
            var draw = (word >> (16 * (i % 4))) & 0xFFFF;
            Assert.Equal(draw >= threshold ? 2.5f : 0f, mask[i]);
        }
        Assert.Equal(a.NextUInt64(), b.NextUInt64()); // both generators advanced by the same number of steps
        Assert.InRange(mask.Count(v => v == 0f) / 10_001.0, 0.38, 0.42);
    }

    [Fact]
    public void State_round_trips_and_reference_outputs_are_stable()
    {
        var rng = new Xoshiro256StarStar(1);
        var state = new ulong[4];
        rng.GetState(state);
        var copy = Xoshiro256StarStar.FromState(state);
        for (var i = 0; i < 100; i++) Assert.Equal(rng.NextUInt64(), copy.NextUInt64());
        Assert.Throws<ArgumentException>(() => Xoshiro256StarStar.FromState(new ulong[4]));
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++) counts[rng.NextInt(7)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_400, 10_600));
    }

    [Fact]
    public void Gaussian_has_unit_variance()
    {
        var rng = new Xoshiro256StarStar(2);
        var samples = Enumerable.Range(0, 50_000).Select(_ => rng.NextGaussian()).ToArray();
        var mean = samples.Average();
        var variance = samples.Select(s => (s - mean) * (s - mean)).Average();
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(variance, 0.97, 1.03);
    }
}
