namespace LcPfn.Prior.Data;

/// <summary>
/// The one CSV tokenizer of LcPfn (every curve reader, streaming or not, and the best-value file use it). It
/// splits RFC 4180 text into records: comma separated, fields optionally in double quotes (<c>""</c> escapes a
/// quote; a quoted field may hold commas and line breaks), <c>\n</c> or <c>\r\n</c> line ends, blank lines
/// skipped. A record is read line by line and its fields are kept as ranges of it, so numbers parse straight from
/// the text without a string per field. <see cref="StartLine"/> says where each record starts, for messages.
/// </summary>
public sealed class CsvRecordReader
{
    private readonly TextReader _reader;
    private readonly List<(int Start, int Length, bool Quoted)> _fields = new(64);
    private string _record = "";
    private long _nextLine = 1;

    /// <summary>Reads records from <paramref name="reader"/> (not disposed here).</summary>
    public CsvRecordReader(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
    }

    /// <summary>The number of fields of the current record.</summary>
    public int Count => _fields.Count;

    /// <summary>The 1-based line of the input the current record starts on.</summary>
    public long StartLine { get; private set; }

    /// <summary>True when the input ended inside a quoted field of the current record (a truncated file).</summary>
    public bool Truncated { get; private set; }

    /// <summary>Moves to the next non-blank record; false at the end of the input.</summary>
    public bool Read()
    {
        string? line;
        do
        {
            line = _reader.ReadLine();
            if (line is null) return false;
            StartLine = _nextLine++;
        }
        while (line.Length == 0);

        _record = line;
        Truncated = false;
        while (!Split(_record))
        {
            // A quoted field holds a line break: the record goes on on the next line.
            string? more = _reader.ReadLine();
            if (more is null)
            {
                Truncated = true;
                break;
            }
            _nextLine++;
            _record = string.Concat(_record, "\n", more);
        }
        return true;
    }

    /// <summary>
    /// Reads the next record into <paramref name="fields"/> (unquoted, <c>""</c> unescaped); false at the end of the
    /// input. <paramref name="truncated"/> is true when the input ended inside a quoted field.
    /// </summary>
    public bool TryRead(List<string> fields, out int startLine, out bool truncated)
    {
        ArgumentNullException.ThrowIfNull(fields);
        fields.Clear();
        if (!Read())
        {
            startLine = (int)Math.Min(_nextLine, int.MaxValue);
            truncated = false;
            return false;
        }
        for (int i = 0; i < Count; i++) fields.Add(String(i));
        startLine = (int)Math.Min(StartLine, int.MaxValue);
        truncated = Truncated;
        return true;
    }

    /// <summary>The field's text, trimmed, without unescaping quotes (for numbers and names).</summary>
    public ReadOnlySpan<char> Span(int index)
    {
        var (start, length, _) = _fields[index];
        return _record.AsSpan(start, length).Trim();
    }

    /// <summary>The field as a string: a quoted field as written between its quotes (<c>""</c> unescaped), other fields trimmed.</summary>
    public string String(int index)
    {
        var (start, length, quoted) = _fields[index];
        string s = _record.Substring(start, length);
        return quoted ? s.Replace("\"\"", "\"", StringComparison.Ordinal) : s.Trim();
    }

    /// <summary>Parses a value cell (<see cref="CurveCells.TryParseValue(ReadOnlySpan{char}, out double)"/>).</summary>
    public CellIssue TryDouble(int index, out double value)
    {
        var span = Span(index);
        if (span.IsEmpty)
        {
            value = double.NaN;
            return CellIssue.Missing;
        }
        return CurveCells.TryParseValue(span, out value) ? CellIssue.None : CellIssue.Unparsable;
    }

    /// <summary>Parses an integer cell such as an epoch or a horizon (<c>12</c> or <c>12.0</c>).</summary>
    public CellIssue TryInt(int index, out int value)
    {
        var span = Span(index);
        if (span.IsEmpty)
        {
            value = 0;
            return CellIssue.Missing;
        }
        return CurveCells.TryParseInteger(span, out value) ? CellIssue.None : CellIssue.Unparsable;
    }

    // Splits the record into field ranges; false when it ends inside a quoted field (the record continues).
    private bool Split(string text)
    {
        _fields.Clear();
        int i = 0;
        int end = text.Length;
        while (true)
        {
            int fieldStart = i;
            while (i < end && text[i] == ' ') i++;
            if (i < end && text[i] == '"')
            {
                int start = ++i;
                while (true)
                {
                    if (i >= end)
                    {
                        _fields.Add((start, end - start, true));
                        return false;
                    }
                    if (text[i] == '"')
                    {
                        if (i + 1 < end && text[i + 1] == '"')
                        {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i++;
                }
                _fields.Add((start, i - start, true));
                i++; // the closing quote; anything up to the next comma is ignored
                while (i < end && text[i] != ',') i++;
            }
            else
            {
                i = fieldStart;
                while (i < end && text[i] != ',') i++;
                _fields.Add((fieldStart, i - fieldStart, false));
            }
            if (i >= end) return true;
            i++; // the comma
            if (i == end)
            {
                _fields.Add((i, 0, false));
                return true;
            }
        }
    }
}
