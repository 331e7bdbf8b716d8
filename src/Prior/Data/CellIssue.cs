namespace LcPfn.Prior.Data;

/// <summary>Why a cell gave no value; a run with such a cell is rejected with the matching <see cref="RejectionReasons"/> code.</summary>
public enum CellIssue : byte
{
    /// <summary>The cell holds a value.</summary>
    None = 0,

    /// <summary>The cell is empty or null (<see cref="RejectionReasons.MissingValue"/>).</summary>
    Missing = 1,

    /// <summary>The cell is not a number, or not an integer where one is needed (<see cref="RejectionReasons.UnparsableValue"/>).</summary>
    Unparsable = 2,

    /// <summary>The row has the wrong number of cells or an unterminated quote (<see cref="RejectionReasons.MalformedRow"/>).</summary>
    Malformed = 3,
}
