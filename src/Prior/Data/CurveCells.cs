using System.Globalization;

namespace LcPfn.Prior.Data;

/// <summary>Parsing of the text cells of curve files, with the wording of <see cref="RejectionReasons"/>.</summary>
internal static class CurveCells
{
    /// <summary>Parses a value cell; NaN and infinities parse (the curve is then rejected as non-finite), text does not.</summary>
    public static bool TryParseValue(string cell, out double value)
    {
        string s = cell.Trim();
        switch (s.ToLowerInvariant())
        {
            case "nan" or "-nan" or "+nan" or "na" or "n/a" or "null" or "none":
                value = double.NaN;
                return true;
            case "inf" or "+inf" or "infinity" or "+infinity" or "∞":
                value = double.PositiveInfinity;
                return true;
            case "-inf" or "-infinity" or "-∞":
                value = double.NegativeInfinity;
                return true;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses an integer cell such as an epoch or a horizon (<c>12</c> or <c>12.0</c>).</summary>
    public static bool TryParseInteger(string cell, out int value)
    {
        string s = cell.Trim();
        if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value)) return true;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && d >= int.MinValue && d <= int.MaxValue)
        {
            value = (int)d;
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>How a non-finite value is named in a rejection reason.</summary>
    public static string DescribeNonFinite(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "+inf" : "-inf";

    /// <summary>Quotes a cell for a message, shortened to 40 characters.</summary>
    public static string Quote(string cell) => cell.Length <= 40 ? $"'{cell}'" : $"'{cell[..37]}...'";
}
