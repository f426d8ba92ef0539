using System.Text.RegularExpressions;
using Npgsql;
using Pgvector;
using Pgvector.Npgsql;

namespace Mip.Retrieval.Stores;

/// <summary>
/// The scale-out store: a PostgreSQL table with a pgvector column and an HNSW index (Euclidean, vector_l2_ops), so
/// search is approximate but sub-linear. Each call is one transaction, committed before it returns.
/// </summary>
public sealed partial class PgvectorEmbeddingStore : IEmbeddingStore
{
    /// <summary>Table used when none is named.</summary>
    public const string DefaultTable = "mip_gallery";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _table;
    private bool _disposed;

    private PgvectorEmbeddingStore(NpgsqlDataSource dataSource, string location, string table, int dimension)
    {
        _dataSource = dataSource;
        Location = location;
        _table = table;
        Dimension = dimension;
    }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <summary>Server, database and table (no password).</summary>
    public string Location { get; }

    /// <summary>
    /// Connects with <paramref name="connectionString"/> (Npgsql keywords), creates the extension, table and HNSW index
    /// when absent, and checks the table's dimension. With <paramref name="dimension"/> null the table must exist.
    /// </summary>
    public static PgvectorEmbeddingStore Open(string connectionString, int? dimension, string table = DefaultTable)
    {
        if (!IdentifierPattern().IsMatch(table)) throw new StoreException($"'{table}' is not a plain table name (letters, digits, underscore).");
        NpgsqlConnectionStringBuilder parsed;
        try { parsed = new NpgsqlConnectionStringBuilder(connectionString); }
        catch (ArgumentException e) { throw new StoreException($"The PostgreSQL connection string is invalid: {e.Message}", e); }
        string location = $"{parsed.Host}:{parsed.Port}/{parsed.Database}#{table}";
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        var dataSource = builder.Build();
        try
        {
            int dim = Prepare(dataSource, table, dimension, location);
            return new PgvectorEmbeddingStore(dataSource, location, table, dim);
        }
        catch (Exception e) when (e is NpgsqlException or PostgresException or System.Net.Sockets.SocketException)
        {
            dataSource.Dispose();
            throw new StoreException($"PostgreSQL store {location} cannot be opened: {e.Message}", e);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    private static int Prepare(NpgsqlDataSource dataSource, string table, int? dimension, string location)
    {
        using var connection = dataSource.OpenConnection();
        int? existing = ExistingDimension(connection, table);
        if (existing is null)
        {
            if (dimension is null) throw new StoreException($"PostgreSQL store {location} does not exist.");
            if (dimension <= 0) throw new StoreException($"PostgreSQL store {location}: the dimension must be positive, got {dimension}.");
            using (var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS vector", connection)) extension.ExecuteNonQuery();
            connection.ReloadTypes();
            // Concurrent first opens race on CREATE TABLE; an advisory lock keyed by the table name serialises them.
            using var tx = connection.BeginTransaction();
            using (var lockTable = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, tx))
            {
                lockTable.Parameters.AddWithValue(table);
                lockTable.ExecuteNonQuery();
            }
            using (var create = new NpgsqlCommand($"""
                CREATE TABLE IF NOT EXISTS {table} (
                    id bigserial PRIMARY KEY,
                    hash text NOT NULL UNIQUE,
                    name text NOT NULL,
                    label text,
                    image bytea,
                    vector vector({dimension}) NOT NULL,
                    added_utc timestamptz NOT NULL DEFAULT now());
                CREATE INDEX IF NOT EXISTS {table}_hnsw ON {table} USING hnsw (vector vector_l2_ops);
                """, connection, tx)) create.ExecuteNonQuery();
            tx.Commit();
            existing = dimension;
        }
        if (dimension is not null && existing != dimension)
            throw new StoreException($"PostgreSQL store {location} holds vectors of dimension {existing}, but the model makes {dimension}.");
        return existing.Value;
    }

    private static int? ExistingDimension(NpgsqlConnection connection, string table)
    {
        // For a vector(n) column, atttypmod is n.
        using var command = new NpgsqlCommand("""
            SELECT a.atttypmod FROM pg_attribute a
            WHERE a.attrelid = to_regclass($1) AND a.attname = 'vector' AND NOT a.attisdropped
            """, connection);
        command.Parameters.AddWithValue(table);
        return command.ExecuteScalar() is int typmod ? typmod : null;
    }

    /// <inheritdoc />
    public StoreAddResult Add(GalleryEntry entry) => AddRange([entry])[0];

    /// <inheritdoc />
    public IReadOnlyList<StoreAddResult> AddRange(IReadOnlyList<GalleryEntry> entries)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries) EntryValidation.Check(entry, Dimension, $"PostgreSQL store {Location}");
        if (entries.Count == 0) return [];
        using var connection = _dataSource.OpenConnection();
        using var tx = connection.BeginTransaction();
        var results = new StoreAddResult[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            using var insert = new NpgsqlCommand($"""
                INSERT INTO {_table} (hash, name, label, image, vector) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (hash) DO NOTHING RETURNING id
                """, connection, tx);
            insert.Parameters.AddWithValue(e.ContentHash);
            insert.Parameters.AddWithValue(e.Name);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)e.Label ?? DBNull.Value);
            insert.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Bytea, (object?)e.Image ?? DBNull.Value);
            insert.Parameters.AddWithValue(new Vector(e.Vector));
            if (insert.ExecuteScalar() is long id)
            {
                results[i] = new StoreAddResult(id, true);
                continue;
            }
            using var find = new NpgsqlCommand($"SELECT id FROM {_table} WHERE hash = $1", connection, tx);
            find.Parameters.AddWithValue(e.ContentHash);
            results[i] = new StoreAddResult((long)find.ExecuteScalar()!, false);
        }
        tx.Commit();
        return results;
    }

    /// <inheritdoc />
    public bool Delete(long id)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var command = _dataSource.CreateCommand($"DELETE FROM {_table} WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return command.ExecuteNonQuery() > 0;
    }

    /// <inheritdoc />
    public StoredEntry? FindByHash(string contentHash) => Read("hash = $1", contentHash).FirstOrDefault();

    /// <inheritdoc />
    public StoredEntry? Find(long id) => Read("id = $1", id).FirstOrDefault();

    /// <inheritdoc />
    public byte[]? ReadImage(long id)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var command = _dataSource.CreateCommand($"SELECT image FROM {_table} WHERE id = $1");
        command.Parameters.AddWithValue(id);
        return command.ExecuteScalar() as byte[];
    }

    /// <inheritdoc />
    public IReadOnlySet<string> KnownHashes()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var command = _dataSource.CreateCommand($"SELECT hash FROM {_table}");
        using var reader = command.ExecuteReader();
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) hashes.Add(reader.GetString(0));
        return hashes;
    }

    /// <inheritdoc />
    public StoreStats Stats()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var command = _dataSource.CreateCommand($"SELECT count(*), count(image), pg_total_relation_size('{_table}') FROM {_table}");
        using var reader = command.ExecuteReader();
        reader.Read();
        return new StoreStats("pgvector", Location, reader.GetInt64(0), Dimension, reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <inheritdoc />
    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> vector, int k)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (vector.Length != Dimension) throw new StoreException($"PostgreSQL store {Location}: the query vector has {vector.Length} values, the store holds dimension {Dimension}.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        using var connection = _dataSource.OpenConnection();
        using var batch = new NpgsqlBatch(connection);
        // The HNSW candidate list must be at least k long to return k rows; 100 keeps recall high for small k.
        // ORDER BY only the distance: a second sort key would stop the planner from using the HNSW index.
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SET hnsw.ef_search = {Math.Clamp(k, 100, 1000)}"));
        var select = new NpgsqlBatchCommand($"""
            SELECT id, hash, name, label, image IS NOT NULL, vector <-> $1 AS distance
            FROM {_table} ORDER BY vector <-> $1 LIMIT $2
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = new Vector(vector.ToArray()) });
        select.Parameters.Add(new NpgsqlParameter { Value = k });
        batch.BatchCommands.Add(select);
        using var reader = batch.ExecuteReader();
        var hits = new List<SearchHit>(k);
        while (reader.Read())
            hits.Add(new SearchHit(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetBoolean(4), (float)reader.GetDouble(5)));
        return hits;
    }

    /// <inheritdoc />
    public IEnumerable<StoredEntry> Enumerate() => Read(null, null);

    private IEnumerable<StoredEntry> Read(string? where, object? parameter)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var command = _dataSource.CreateCommand($"SELECT id, hash, name, label, image IS NOT NULL, vector FROM {_table}" + (where is null ? "" : " WHERE " + where) + " ORDER BY id");
        if (parameter is not null) command.Parameters.AddWithValue(parameter);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            yield return new StoredEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetBoolean(4), reader.GetFieldValue<Vector>(5).ToArray());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _dataSource.Dispose();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex IdentifierPattern();
}
