using System.ComponentModel;
using Mip.Images;
using Mip.Retrieval.Stores;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class SearchCommand : Command<SearchCommand.Settings>
{
    public sealed class Settings : RetrievalSettings
    {
        [CommandArgument(0, "<IMAGE>")]
        [Description("The query image.")]
        public string Image { get; init; } = "";

        [CommandOption("-k <K>")]
        [Description("Number of results.")]
        [DefaultValue(10)]
        public int K { get; init; } = 10;

        public override ValidationResult Validate() =>
            K < 1 ? ValidationResult.Error("-k must be at least 1.") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var query = ImageReader.Load(settings.Image);
        using var store = EmbeddingStores.Open(settings.Store, null);
        var vectorizer = settings.LoadVectorizer();
        if (vectorizer.Dimension != store.Dimension)
            throw new StoreException($"The model makes {vectorizer.Dimension}-d embeddings, the store '{settings.Store}' holds {store.Dimension}-d ones.");
        var hits = store.Search(vectorizer.Embed(query), settings.K);
        // Plain tab-separated lines: readable, and easy for scripts to cut.
        Console.WriteLine("rank\tdistance\tid\tlabel\timage");
        for (int i = 0; i < hits.Count; i++)
            Console.WriteLine($"{i + 1}\t{hits[i].Distance:F4}\t{hits[i].Id}\t{hits[i].Label ?? "-"}\t{hits[i].Name}");
        return 0;
    }
}
