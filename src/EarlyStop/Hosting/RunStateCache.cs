namespace LcPfn.EarlyStop.Hosting;

/// <summary>
/// The run states this replica last read or wrote, with their revisions, so that a run's next report need not
/// fetch and parse its state from the key-value bucket again. Only ever a guess: every write is still a
/// compare-and-set on the revision, so a stale entry costs a lost compare-and-set (and a fresh read), never a wrong
/// decision. Whether entries are trusted without a read adapts to how often they turn out stale: one replica sees
/// each run's reports and trusts its cache (no read per report); replicas that share runs see stale entries often
/// and read every state (an entry then only spares parsing the state when its revision is unchanged).
/// Bounded: at <see cref="Capacity"/> runs the cache starts over empty.
/// </summary>
internal sealed class RunStateCache(int capacity = RunStateCache.DefaultCapacity)
{
    /// <summary>Runs kept at most: 65,536 (a few KB each).</summary>
    public const int DefaultCapacity = 65_536;

    /// <summary>Lookups per judgement of the stale rate.</summary>
    public const int Window = 512;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Versioned<RunState>> _runs = new(StringComparer.Ordinal);
    private int _events;
    private int _stale;

    /// <summary>The most runs held.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be positive");

    /// <summary>Whether entries are used without reading the bucket (the last window saw fewer than 1 in 32 stale).</summary>
    public bool Trusted { get; private set; }

    /// <summary>Runs held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _runs.Count;
        }
    }

    /// <summary>The entry for <paramref name="key"/> if entries are trusted now, else false (read the bucket).</summary>
    public bool TryGetTrusted(string key, out Versioned<RunState> entry)
    {
        lock (_gate)
        {
            if (Trusted && _runs.TryGetValue(key, out entry))
            {
                Tally(stale: false);
                return true;
            }
        }
        entry = default;
        return false;
    }

    /// <summary>
    /// The cached state if it is the one the bucket holds at <paramref name="revision"/> (just read), else null; counts
    /// a cached entry of another revision as stale.
    /// </summary>
    public RunState? Match(string key, ulong revision)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(key, out var entry)) return null;
            var same = entry.Revision == revision;
            Tally(stale: !same);
            return same ? entry.Value : null;
        }
    }

    /// <summary>Records the state stored at <paramref name="revision"/> (read or written by this replica).</summary>
    public void Put(string key, RunState state, ulong revision)
    {
        lock (_gate)
        {
            if (_runs.Count >= Capacity && !_runs.ContainsKey(key)) _runs.Clear();
            _runs[key] = new Versioned<RunState>(state, revision);
        }
    }

    /// <summary>A compare-and-set on <paramref name="key"/> was lost: forget the entry; if it was trusted, it was stale.</summary>
    public void Conflict(string key)
    {
        lock (_gate)
        {
            if (_runs.Remove(key) && Trusted) Tally(stale: true);
        }
    }

    private void Tally(bool stale)
    {
        _events++;
        if (stale) _stale++;
        if (_events < Window) return;
        Trusted = _stale * 32 < _events;
        _events = 0;
        _stale = 0;
    }
}
