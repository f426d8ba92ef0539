using System.Reflection;
using Mip.Retrieval.Stores;
using Npgsql;
using Xunit.Sdk;

namespace Mip.Tests.Retrieval;

/// <summary>Opens fresh stores of one kind for the contract tests and cleans them up.</summary>
public sealed class StoreKind : IDisposable
{
    /// <summary>Environment variable holding the PostgreSQL connection string; scripts/test.sh sets it.</summary>
    public const string PostgresVariable = "MIP_TEST_PG";

    private readonly TempDir _dir = new();
    private readonly List<string> _tables = [];

    private StoreKind(string name) => Name = name;

    public string Name { get; }

    public static StoreKind Create(string name) => new(name);

    public static string? PostgresConnection => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } s ? s : null;

    /// <summary>A spec for a new, empty store of this kind; opening it twice reaches the same data.</summary>
    public string NewSpec()
    {
        if (Name == "sqlite") return Path.Combine(_dir.Path, $"store-{Guid.NewGuid():N}.db");
        string table = "t_" + Guid.NewGuid().ToString("N");
        _tables.Add(table);
        return PostgresConnection + ";Table=" + table;
    }

    public IEmbeddingStore Open(string spec, int? dimension) => EmbeddingStores.Open(spec, dimension);

    public void Dispose()
    {
        if (_tables.Count > 0)
        {
            using var connection = new NpgsqlConnection(PostgresConnection);
            connection.Open();
            foreach (var table in _tables)
            {
                using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {table}", connection);
                drop.ExecuteNonQuery();
            }
        }
        _dir.Dispose();
    }
}

/// <summary>Runs a contract test against the SQLite store.</summary>
public sealed class SqliteStoreAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [["sqlite"]];
}

/// <summary>
/// Runs a contract test against the pgvector store. Skipped, saying why, when MIP_TEST_PG is not set (a plain local
/// `dotnet test`); scripts/test.sh (and so .ci/run) always sets it.
/// </summary>
public sealed class PgvectorStoreAttribute : DataAttribute
{
    public PgvectorStoreAttribute()
    {
        if (StoreKind.PostgresConnection is null)
            Skip = $"{StoreKind.PostgresVariable} is not set: run scripts/test.sh, which starts a throw-away PostgreSQL with pgvector.";
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [["pgvector"]];
}
