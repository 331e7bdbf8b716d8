using System.Text;

namespace LcPfn.Prior.Data;

/// <summary>
/// Splits RFC 4180 CSV text into records: comma separated, fields optionally in double quotes (<c>""</c> escapes a
/// quote, quoted fields may hold commas and line breaks), <c>\n</c> or <c>\r\n</c> line ends. Tracks the line
/// each record starts on, for error messages.
/// </summary>
internal sealed class CsvRecordReader
{
    private readonly TextReader _reader;
    private readonly StringBuilder _field = new();
    private int _line = 1;

    public CsvRecordReader(TextReader reader) => _reader = reader;

    /// <summary>
    /// Reads the next record. Returns false at the end of the input. <paramref name="truncated"/> is true when the input
    /// ended inside a quoted field. Blank lines are skipped.
    /// </summary>
    public bool TryRead(List<string> fields, out int startLine, out bool truncated)
    {
        fields.Clear();
        truncated = false;
        while (true)
        {
            startLine = _line;
            int c = _reader.Peek();
            if (c < 0) return false;
            if (c == '\n') { _reader.Read(); _line++; continue; }
            if (c == '\r') { _reader.Read(); continue; }
            break;
        }

        _field.Clear();
        bool inQuotes = false;
        while (true)
        {
            int c = _reader.Read();
            if (c < 0)
            {
                truncated = inQuotes;
                fields.Add(_field.ToString());
                return true;
            }
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (_reader.Peek() == '"') { _reader.Read(); _field.Append('"'); }
                    else inQuotes = false;
                }
                else
                {
                    if (c == '\n') _line++;
                    _field.Append((char)c);
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(_field.ToString());
                    _field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    _line++;
                    fields.Add(_field.ToString());
                    return true;
                default:
                    _field.Append((char)c);
                    break;
            }
        }
    }
}
