using System.Globalization;
using System.Text;

namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// The one place where untrusted text (report fields, reasons built from them, transport sources) is made safe
/// for a log line: quoted, control characters (CR, LF, ANSI escape, the other C0/C1 controls, line and paragraph
/// separators, bidirectional overrides) written as <c>\r</c>, <c>\n</c> or <c>\uXXXX</c>, and bounded in length.
/// </summary>
internal static class LogText
{
    /// <summary>The most characters of the original text a log line shows; the rest is counted, not shown.</summary>
    public const int MaxLength = 200;

    /// <summary>
    /// <paramref name="text"/> in double quotes, escaped so that it cannot start a line, forge a field or drive a
    /// terminal, and cut after <paramref name="maxLength"/> characters with the number left out (<c>…(+N chars)</c>).
    /// </summary>
    public static string Quote(string? text, int maxLength = MaxLength)
    {
        if (text is null) return "null";
        var length = Math.Min(text.Length, maxLength);
        // Never cut a surrogate pair in two.
        if (length > 0 && length < text.Length && char.IsHighSurrogate(text[length - 1])) length--;
        var builder = new StringBuilder(length + 2).Append('"');
        for (var i = 0; i < length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\r': builder.Append("\\r"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < length && char.IsLowSurrogate(text[i + 1]))
                        builder.Append(c).Append(text[++i]);
                    else if (NeedsEscape(c))
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
        if (length < text.Length)
            builder.Append("…(+").Append((text.Length - length).ToString(CultureInfo.InvariantCulture)).Append(" chars)");
        return builder.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) // C0, DEL and C1 (ESC of ANSI sequences, CSI U+009B)
        || c is '\u2028' or '\u2029' // line and paragraph separators
        || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' // bidirectional embeddings, overrides, isolates
        || char.IsSurrogate(c); // only a lone half gets here: a pair is copied whole
}
