using Microsoft.Data.Sqlite;

namespace Mip.Retrieval.Stores;

/// <summary>
/// The embedded store: one SQLite file (WAL journal) with vectors as float32 blobs and optional image bytes, searched
/// exactly in memory. synchronous=FULL: every commit is fsynced before <see cref="Add"/> returns, so an acknowledged
/// insert survives not only a killed process (which WAL with NORMAL already survives) but also a power cut, at the
/// price of one fsync per transaction; the indexer commits in batches to keep that cheap.
/// Several processes may share the file: a generation counter, bumped in every write transaction, tells a process
/// when another one changed the file so it reloads its in-memory copy.
/// </summary>
public sealed class SqliteEmbeddingStore : IEmbeddingStore
{
    private const int FormatVersion = 1;
    private readonly string _connectionString;
    private readonly object _writeGate = new();
    private readonly GalleryCache _cache;
    private bool _disposed;

    private SqliteEmbeddingStore(string path, int dimension)
    {
        Path = path;
        Dimension = dimension;
        _cache = new GalleryCache(dimension);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <summary>
    /// Opens the store at <paramref name="path"/>, creating it when absent. With <paramref name="dimension"/> null an
    /// existing file's dimension is used (and a missing file is an error).
    /// </summary>
    public static SqliteEmbeddingStore Open(string path, int? dimension)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = System.IO.Path.GetFullPath(path);
        string? folder = System.IO.Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder)) throw new StoreException($"Cannot open store '{path}': the folder '{folder}' does not exist.");
        bool exists = File.Exists(full);
        if (!exists && dimension is null) throw new StoreException($"Store '{path}' does not exist.");
        if (exists) CheckHeader(full);
        int dim = dimension ?? ReadDimension(full);
        if (dim <= 0) throw new StoreException($"Store '{path}': the dimension must be positive, got {dim}.");
        var store = new SqliteEmbeddingStore(full, dim);
        try
        {
            store.Initialise();
            store.Reload();
            return store;
        }
        catch (SqliteException e)
        {
            store.Dispose();
            throw new StoreException($"Store '{path}' cannot be opened: {e.Message}", e);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static void CheckHeader(string path)
    {
        var header = new byte[16];
        int read;
        using (var f = File.OpenRead(path)) read = f.Read(header);
        // A zero-length file is what a crash right after creation can leave; SQLite treats it as empty.
        if (read == 0) return;
        if (read < 16 || System.Text.Encoding.ASCII.GetString(header, 0, 15) != "SQLite format 3")
            throw new StoreException($"Store '{path}' is not an SQLite database.");
    }

    private static int ReadDimension(string path)
    {
        using var store = new SqliteEmbeddingStore(path, 1);
        using var connection = store.OpenConnection();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT value FROM meta WHERE key = 'dimension'";
            return command.ExecuteScalar() is string s && int.TryParse(s, out int d)
                ? d
                : throw new StoreException($"Store '{path}' has no dimension recorded; it is not a mip store.");
        }
        catch (SqliteException e)
        {
            throw new StoreException($"Store '{path}' is not a mip store: {e.Message}", e);
        }
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    private void Initialise()
    {
        lock (_writeGate)
        {
            using var connection = OpenConnection();
            using var tx = connection.BeginTransaction();
            using (var create = connection.CreateCommand())
            {
                create.Transaction = tx;
                create.CommandText = """
                    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS entries (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        hash TEXT NOT NULL UNIQUE,
                        name TEXT NOT NULL,
                        label TEXT,
                        vector BLOB NOT NULL,
                        image BLOB,
                        added_utc TEXT NOT NULL);
                    INSERT OR IGNORE INTO meta (key, value) VALUES ('format', $format), ('dimension', $dimension), ('generation', '0');
                    """;
                create.Parameters.AddWithValue("$format", FormatVersion.ToString());
                create.Parameters.AddWithValue("$dimension", Dimension.ToString());
                create.ExecuteNonQuery();
            }
            using (var check = connection.CreateCommand())
            {
                check.Transaction = tx;
                check.CommandText = "SELECT value FROM meta WHERE key = 'dimension'";
                var stored = int.Parse((string)check.ExecuteScalar()!);
                if (stored != Dimension)
                    throw new StoreException($"Store '{Path}' holds vectors of dimension {stored}, but the model makes {Dimension}.");
            }
            tx.Commit();
        }
    }

    private long ReadGeneration(SqliteConnection connection, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'";
        return (long)command.ExecuteScalar()!;
    }

    private static long BumpGeneration(SqliteConnection connection, SqliteTransaction tx)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation' RETURNING CAST(value AS INTEGER)";
        return (long)command.ExecuteScalar()!;
    }

    private void Reload()
    {
        using var connection = OpenConnection();
        using var tx = connection.BeginTransaction(deferred: true);
        long generation = ReadGeneration(connection, tx);
        _cache.Replace(ReadEntries(connection, tx, null).ToList(), generation);
    }

    /// <summary>Brings the in-memory copy up to date when another process changed the file.</summary>
    private void Refresh()
    {
        long generation;
        using (var connection = OpenConnection()) generation = ReadGeneration(connection);
        if (generation == _cache.Generation) return;
        // Our own writer may be between commit and cache update; waiting for it avoids a needless full reload.
        lock (_writeGate)
        {
            using var connection = OpenConnection();
            if (ReadGeneration(connection) != _cache.Generation) Reload();
        }
    }

    private IEnumerable<StoredEntry> ReadEntries(SqliteConnection connection, SqliteTransaction? tx, string? where, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT id, hash, name, label, image IS NOT NULL, vector FROM entries" + (where is null ? "" : " WHERE " + where) + " ORDER BY id";
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new StoredEntry(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetBoolean(4), VectorBlob.FromBytes((byte[])reader[5], Dimension, $"Store '{Path}'"));
        }
    }

    /// <inheritdoc />
    public StoreAddResult Add(GalleryEntry entry) => AddRange([entry])[0];

    /// <inheritdoc />
    public IReadOnlyList<StoreAddResult> AddRange(IReadOnlyList<GalleryEntry> entries)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries) EntryValidation.Check(entry, Dimension, $"Store '{Path}'");
        if (entries.Count == 0) return [];
        lock (_writeGate)
        {
            Refresh();
            using var connection = OpenConnection();
            using var tx = connection.BeginTransaction();
            var results = new StoreAddResult[entries.Count];
            var added = new List<StoredEntry>();
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO entries (hash, name, label, vector, image, added_utc) VALUES ($hash, $name, $label, $vector, $image, $added)
                ON CONFLICT (hash) DO NOTHING RETURNING id
                """;
            using var find = connection.CreateCommand();
            find.Transaction = tx;
            find.CommandText = "SELECT id FROM entries WHERE hash = $hash";
            var findHash = find.Parameters.Add("$hash", SqliteType.Text);
            for (int i = 0; i < entries.Count; i++)
            {
                var e = entries[i];
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$hash", e.ContentHash);
                insert.Parameters.AddWithValue("$name", e.Name);
                insert.Parameters.AddWithValue("$label", (object?)e.Label ?? DBNull.Value);
                insert.Parameters.AddWithValue("$vector", VectorBlob.ToBytes(e.Vector));
                insert.Parameters.AddWithValue("$image", (object?)e.Image ?? DBNull.Value);
                insert.Parameters.AddWithValue("$added", DateTime.UtcNow.ToString("O"));
                if (insert.ExecuteScalar() is long id)
                {
                    results[i] = new StoreAddResult(id, true);
                    added.Add(new StoredEntry(id, e.ContentHash, e.Name, e.Label, e.Image is not null, e.Vector));
                }
                else
                {
                    findHash.Value = e.ContentHash;
                    results[i] = new StoreAddResult((long)find.ExecuteScalar()!, false);
                }
            }
            long generation = added.Count > 0 ? BumpGeneration(connection, tx) : _cache.Generation;
            tx.Commit();
            _cache.Apply(added, [], generation);
            return results;
        }
    }

    /// <inheritdoc />
    public bool Delete(long id)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_writeGate)
        {
            Refresh();
            using var connection = OpenConnection();
            using var tx = connection.BeginTransaction();
            using var delete = connection.CreateCommand();
            delete.Transaction = tx;
            delete.CommandText = "DELETE FROM entries WHERE id = $id";
            delete.Parameters.AddWithValue("$id", id);
            if (delete.ExecuteNonQuery() == 0) return false;
            long generation = BumpGeneration(connection, tx);
            tx.Commit();
            _cache.Apply([], [id], generation);
            return true;
        }
    }

    /// <inheritdoc />
    public StoredEntry? FindByHash(string contentHash)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var connection = OpenConnection();
        return ReadEntries(connection, null, "hash = $hash", ("$hash", contentHash)).FirstOrDefault();
    }

    /// <inheritdoc />
    public StoredEntry? Find(long id)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var connection = OpenConnection();
        return ReadEntries(connection, null, "id = $id", ("$id", id)).FirstOrDefault();
    }

    /// <inheritdoc />
    public byte[]? ReadImage(long id)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT image FROM entries WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() as byte[];
    }

    /// <inheritdoc />
    public IReadOnlySet<string> KnownHashes()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT hash FROM entries";
        using var reader = command.ExecuteReader();
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) hashes.Add(reader.GetString(0));
        return hashes;
    }

    /// <inheritdoc />
    public StoreStats Stats()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(image) FROM entries";
        using var reader = command.ExecuteReader();
        reader.Read();
        long size = new[] { Path, Path + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);
        return new StoreStats("sqlite", Path, reader.GetInt64(0), Dimension, reader.GetInt64(1), size);
    }

    /// <inheritdoc />
    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> vector, int k)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (vector.Length != Dimension) throw new StoreException($"Store '{Path}': the query vector has {vector.Length} values, the store holds dimension {Dimension}.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        Refresh();
        return _cache.Search(vector, k);
    }

    /// <inheritdoc />
    public IEnumerable<StoredEntry> Enumerate()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var connection = OpenConnection();
        foreach (var entry in ReadEntries(connection, null, null)) yield return entry;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        // Pooled connections keep the file open; clearing the pool lets tests delete it and other processes checkpoint.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
