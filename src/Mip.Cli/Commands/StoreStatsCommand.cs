using System.ComponentModel;
using Mip.Retrieval.Stores;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class StoreStatsCommand : Command<StoreStatsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-s|--store <STORE>")]
        [Description("A SQLite store file or a PostgreSQL connection string.")]
        [DefaultValue(RetrievalSettings.DefaultStore)]
        public string Store { get; init; } = RetrievalSettings.DefaultStore;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        using var store = EmbeddingStores.Open(settings.Store, null);
        var stats = store.Stats();
        Console.WriteLine($"kind:          {stats.Kind}");
        Console.WriteLine($"location:      {stats.Location}");
        Console.WriteLine($"entries:       {stats.Count}");
        Console.WriteLine($"dimension:     {stats.Dimension}");
        Console.WriteLine($"images stored: {stats.ImagesStored}");
        if (stats.SizeBytes is long size) Console.WriteLine($"size:          {size / 1024.0 / 1024.0:F2} MiB");
        return 0;
    }
}
