using System.Globalization;
using System.Numerics;

namespace SusyTopology.Avro.Generic;

/// <summary>
/// An arbitrary-precision decimal as the decimal logical type stores it: an unscaled two's-complement integer and a
/// scale (value = unscaled × 10^-scale). <see cref="decimal"/> would cap precision at 28 digits.
/// </summary>
public readonly record struct AvroDecimal(BigInteger Unscaled, int Scale)
{
    public static AvroDecimal FromDecimal(decimal value)
    {
        var bits = decimal.GetBits(value);
        var scale = (bits[3] >> 16) & 0xff;
        var magnitude = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        return new AvroDecimal(bits[3] < 0 ? -magnitude : magnitude, scale);
    }

    /// <summary>The value as a <see cref="decimal"/>; throws <see cref="OverflowException"/> when it does not fit.</summary>
    public decimal ToDecimal() => decimal.Parse(ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The same value at another scale (an exact rescale; throws when digits would be lost).</summary>
    public AvroDecimal Rescale(int scale)
    {
        if (scale == Scale)
            return this;
        if (scale > Scale)
            return new AvroDecimal(Unscaled * BigInteger.Pow(10, scale - Scale), scale);
        var divisor = BigInteger.Pow(10, Scale - scale);
        var quotient = BigInteger.DivRem(Unscaled, divisor, out var remainder);
        if (!remainder.IsZero)
            throw new AvroEncodingException($"decimal {this} cannot be represented with scale {scale} without rounding");
        return new AvroDecimal(quotient, scale);
    }

    public override string ToString()
    {
        var digits = BigInteger.Abs(Unscaled).ToString(CultureInfo.InvariantCulture);
        if (Scale > 0)
        {
            digits = digits.PadLeft(Scale + 1, '0');
            digits = digits[..^Scale] + "." + digits[^Scale..];
        }
        else if (Scale < 0)
        {
            digits += new string('0', -Scale);
        }
        return Unscaled.Sign < 0 ? "-" + digits : digits;
    }
}
