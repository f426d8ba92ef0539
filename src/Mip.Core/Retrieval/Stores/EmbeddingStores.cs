namespace Mip.Retrieval.Stores;

/// <summary>Opens a store from a command-line or configuration spec.</summary>
public static class EmbeddingStores
{
    /// <summary>
    /// A PostgreSQL connection string (Npgsql keywords, recognised by "Host="; an optional "Table=name" picks the
    /// table) opens a <see cref="PgvectorEmbeddingStore"/>; anything else is the path of a <see cref="SqliteEmbeddingStore"/> file.
    /// With <paramref name="dimension"/> null the store must exist.
    /// </summary>
    public static IEmbeddingStore Open(string spec, int? dimension)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (!IsPostgres(spec)) return SqliteEmbeddingStore.Open(spec, dimension);
        string table = PgvectorEmbeddingStore.DefaultTable;
        var parts = new List<string>();
        foreach (var part in spec.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length == 2 && kv[0].Trim().Equals("Table", StringComparison.OrdinalIgnoreCase)) table = kv[1].Trim();
            else parts.Add(part);
        }
        return PgvectorEmbeddingStore.Open(string.Join(';', parts), dimension, table);
    }

    /// <summary>Whether <paramref name="spec"/> names a PostgreSQL server rather than a file.</summary>
    public static bool IsPostgres(string spec) =>
        spec.Contains("Host=", StringComparison.OrdinalIgnoreCase) || spec.Contains("Server=", StringComparison.OrdinalIgnoreCase);
}
