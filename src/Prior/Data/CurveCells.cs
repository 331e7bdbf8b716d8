using System.Globalization;

namespace LcPfn.Prior.Data;

/// <summary>Parsing of the text cells of curve files (one place for every reader), and how cells are quoted in messages.</summary>
public static class CurveCells
{
    /// <summary>
    /// Parses a value cell; NaN and infinities parse (the run is then rejected with
    /// <see cref="RejectionReasons.NanValue"/> or <see cref="RejectionReasons.InfiniteValue"/>), other text does not.
    /// Besides .NET's invariant spellings, the ones other tools write are accepted: <c>nan</c>, <c>na</c>,
    /// <c>n/a</c>, <c>null</c>, <c>none</c>, <c>inf</c>, <c>+inf</c>, <c>-inf</c>, <c>infinity</c>, <c>∞</c>.
    /// </summary>
    public static bool TryParseValue(ReadOnlySpan<char> cell, out double value)
    {
        var s = cell.Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        if (IsAny(s, "nan", "-nan", "+nan", "na", "n/a", "null", "none"))
        {
            value = double.NaN;
            return true;
        }
        if (IsAny(s, "inf", "+inf", "infinity", "+infinity", "∞"))
        {
            value = double.PositiveInfinity;
            return true;
        }
        if (IsAny(s, "-inf", "-infinity", "-∞"))
        {
            value = double.NegativeInfinity;
            return true;
        }
        return false;
    }

    /// <summary>Parses an integer cell such as an epoch or a horizon (<c>12</c> or <c>12.0</c>).</summary>
    public static bool TryParseInteger(ReadOnlySpan<char> cell, out int value)
    {
        var s = cell.Trim();
        if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value)) return true;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && d >= int.MinValue && d <= int.MaxValue)
        {
            value = (int)d;
            return true;
        }
        value = 0;
        return false;
    }

    private static bool IsAny(ReadOnlySpan<char> s, params ReadOnlySpan<string> words)
    {
        foreach (string word in words)
            if (s.Equals(word, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>How a non-finite value is named in a rejection reason.</summary>
    public static string DescribeNonFinite(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "+inf" : "-inf";

    /// <summary>
    /// Quotes a cell (untrusted text) for a message on one line: control and format characters (line breaks, escape
    /// sequences, bidirectional overrides) are written as <c>\uXXXX</c>, and the result is shortened to 40 characters.
    /// </summary>
    public static string Quote(string cell)
    {
        string shown = cell.Length <= 40 ? cell : cell[..37] + "...";
        if (!shown.Any(IsUnsafe)) return $"'{shown}'";
        var escaped = new System.Text.StringBuilder(shown.Length + 8);
        foreach (char c in shown)
        {
            if (IsUnsafe(c)) escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else escaped.Append(c);
        }
        return $"'{escaped}'";
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
