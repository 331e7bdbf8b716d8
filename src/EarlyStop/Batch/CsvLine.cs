using System.Globalization;

namespace LcPfn.EarlyStop.Batch;

/// <summary>
/// Splits one CSV line (comma separated, RFC 4180 quotes, no line breaks inside fields) into field ranges
/// without allocating a string per field; numbers are parsed straight from the line.
/// </summary>
internal sealed class CsvLine
{
    private readonly List<(int Start, int Length, bool Quoted)> fields = new(256);
    private string line = "";

    public int Count => fields.Count;

    public void Parse(string text)
    {
        line = text;
        fields.Clear();
        var i = 0;
        var end = text.Length;
        if (end > 0 && text[end - 1] == '\r') end--;
        while (true)
        {
            if (i < end && text[i] == '"')
            {
                var start = ++i;
                while (i < end)
                {
                    if (text[i] == '"')
                    {
                        if (i + 1 < end && text[i + 1] == '"') { i += 2; continue; }
                        break;
                    }
                    i++;
                }
                fields.Add((start, i - start, true));
                i++; // closing quote
                while (i < end && text[i] != ',') i++;
            }
            else
            {
                var start = i;
                while (i < end && text[i] != ',') i++;
                fields.Add((start, i - start, false));
            }
            if (i >= end) break;
            i++; // comma
            if (i == end) { fields.Add((i, 0, false)); break; }
        }
    }

    public ReadOnlySpan<char> Span(int index)
    {
        var (start, length, _) = fields[index];
        return line.AsSpan(start, Math.Min(length, Math.Max(0, line.Length - start))).Trim();
    }

    public string String(int index)
    {
        var (start, length, quoted) = fields[index];
        var s = line.Substring(start, Math.Min(length, Math.Max(0, line.Length - start)));
        return quoted ? s.Replace("\"\"", "\"", StringComparison.Ordinal) : s.Trim();
    }

    /// <summary>Parses a number; an empty cell gives <see cref="CellIssue.Missing"/>, text gives <see cref="CellIssue.Unparsable"/>.</summary>
    public CellIssue TryDouble(int index, out double value)
    {
        var span = Span(index);
        if (span.IsEmpty) { value = double.NaN; return CellIssue.Missing; }
        if (double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return CellIssue.None;
        // Spellings other tools write for non-finite values.
        if (span.Equals("nan", StringComparison.OrdinalIgnoreCase)) { value = double.NaN; return CellIssue.None; }
        if (span.Equals("inf", StringComparison.OrdinalIgnoreCase) || span.Equals("+inf", StringComparison.OrdinalIgnoreCase)) { value = double.PositiveInfinity; return CellIssue.None; }
        if (span.Equals("-inf", StringComparison.OrdinalIgnoreCase)) { value = double.NegativeInfinity; return CellIssue.None; }
        value = double.NaN;
        return CellIssue.Unparsable;
    }

    /// <summary>Parses an integer cell (an integral double such as "12.0" is accepted).</summary>
    public CellIssue TryInt(int index, out int value)
    {
        var span = Span(index);
        if (span.IsEmpty) { value = 0; return CellIssue.Missing; }
        if (int.TryParse(span, NumberStyles.Integer, CultureInfo.InvariantCulture, out value)) return CellIssue.None;
        if (double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)d;
            return CellIssue.None;
        }
        value = 0;
        return CellIssue.Unparsable;
    }
}
