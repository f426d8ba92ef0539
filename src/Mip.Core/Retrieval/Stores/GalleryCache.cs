namespace Mip.Retrieval.Stores;

/// <summary>
/// The in-memory copy of a gallery used for exact search: a growable row-major matrix plus each row's metadata.
/// Searches run in parallel under a read lock; adds and deletes take the write lock only to touch the arrays.
/// </summary>
internal sealed class GalleryCache(int dimension)
{
    private readonly ReaderWriterLockSlim _lock = new();
    private float[] _matrix = new float[dimension * 64];
    private StoredEntry[] _rows = new StoredEntry[64];
    private readonly Dictionary<long, int> _rowById = [];
    private int _count;

    /// <summary>The store generation this copy reflects.</summary>
    public long Generation { get; private set; } = -1;

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _count; } finally { _lock.ExitReadLock(); }
        }
    }

    public void Replace(IEnumerable<StoredEntry> entries, long generation)
    {
        var list = entries.ToList();
        _lock.EnterWriteLock();
        try
        {
            _count = 0;
            _rowById.Clear();
            foreach (var entry in list) AppendLocked(entry);
            Generation = generation;
        }
        finally { _lock.ExitWriteLock(); }
    }

    public void Apply(IEnumerable<StoredEntry> added, IEnumerable<long> deleted, long generation)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var entry in added)
                if (!_rowById.ContainsKey(entry.Id)) AppendLocked(entry);
            foreach (long id in deleted) RemoveLocked(id);
            Generation = generation;
        }
        finally { _lock.ExitWriteLock(); }
    }

    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k)
    {
        _lock.EnterReadLock();
        try
        {
            var nearest = VectorTopK.Nearest(_matrix.AsSpan(0, _count * dimension), _count, dimension, query, k);
            var hits = new SearchHit[nearest.Length];
            for (int i = 0; i < hits.Length; i++)
            {
                var e = _rows[nearest[i].Row];
                hits[i] = new SearchHit(e.Id, e.ContentHash, e.Name, e.Label, e.HasImage, nearest[i].Distance);
            }
            // Rows are not in id order after deletes; equal distances are ordered by id for a stable answer.
            Array.Sort(hits, (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Id.CompareTo(b.Id));
            return hits;
        }
        finally { _lock.ExitReadLock(); }
    }

    private void AppendLocked(StoredEntry entry)
    {
        if (_count == _rows.Length)
        {
            Array.Resize(ref _rows, _rows.Length * 2);
            Array.Resize(ref _matrix, _rows.Length * dimension);
        }
        entry.Vector.CopyTo(_matrix, _count * dimension);
        // The matrix holds the vector; the row keeps only metadata.
        _rows[_count] = entry with { Vector = [] };
        _rowById[entry.Id] = _count;
        _count++;
    }

    private void RemoveLocked(long id)
    {
        if (!_rowById.Remove(id, out int row)) return;
        int last = _count - 1;
        if (row != last)
        {
            Array.Copy(_matrix, last * dimension, _matrix, row * dimension, dimension);
            _rows[row] = _rows[last];
            _rowById[_rows[row].Id] = row;
        }
        _rows[last] = null!;
        _count--;
    }
}
