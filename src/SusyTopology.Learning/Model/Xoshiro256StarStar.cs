using System.Runtime.CompilerServices;

namespace SusyTopology.Learning.Model;

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna): a small, fast generator whose whole state is four words, so a model's
/// RNG can be saved and restored exactly — <see cref="System.Random"/> cannot be serialised, which would break
/// bit-for-bit resume of dropout masks and replay sampling.
/// </summary>
public sealed class Xoshiro256StarStar
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the four state words from <paramref name="seed"/> with SplitMix64, as the authors recommend.</summary>
    public Xoshiro256StarStar(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    private Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0) throw new ArgumentException("xoshiro256** state must not be all zero.");
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>Recreates a generator from the words returned by <see cref="GetState"/>.</summary>
    public static Xoshiro256StarStar FromState(ReadOnlySpan<ulong> state) =>
        state.Length == 4 ? new(state[0], state[1], state[2], state[3]) : throw new ArgumentException("State has four words.", nameof(state));

    public void GetState(Span<ulong> destination)
    {
        destination[0] = _s0; destination[1] = _s1; destination[2] = _s2; destination[3] = _s3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 24 random bits, exactly representable as a float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>
    /// Fills <paramref name="destination"/> with 0 (probability <paramref name="zeroProbability"/>, rounded up to a
    /// multiple of 2⁻¹⁶) or <paramref name="value"/>. Each 64-bit output supplies four 16-bit draws, low bits first,
    /// and the state stays in registers with no data-dependent branch: a dropout mask drops 20–40 % at random,
    /// which a branch would mispredict constantly, and one generator step per element would dominate the layer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillMask(Span<float> destination, float zeroProbability, float value)
    {
        var threshold = (ulong)MathF.Ceiling(zeroProbability * 65536f);
        ulong s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        for (var i = 0; i < destination.Length; i += 4)
        {
            var result = ulong.RotateLeft(s1 * 5, 7) * 9;
            var t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = ulong.RotateLeft(s3, 45);
            var lanes = Math.Min(4, destination.Length - i);
            for (var k = 0; k < lanes; k++)
            {
                // (draw − threshold) wraps to a value with the top bit set exactly when draw < threshold.
                var dropped = (((result >> (16 * k)) & 0xFFFF) - threshold) >> 63;
                destination[i + k] = value * (1 - dropped);
            }
        }
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="exclusiveMax"/>) by Lemire's multiply-shift with rejection (unbiased).</summary>
    public int NextInt(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        var bound = (ulong)exclusiveMax;
        var threshold = (0UL - bound) % bound;
        while (true)
        {
            var product = Math.BigMul(NextUInt64(), bound, out var low);
            if (low >= threshold) return (int)product;
        }
    }

    /// <summary>Standard normal deviate (Box–Muller; one of the pair is discarded so the state stays four words).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
