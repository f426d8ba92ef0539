using System.ComponentModel;
using Mip.Retrieval.Indexing;
using Mip.Retrieval.Stores;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class IndexCommand : Command<IndexCommand.Settings>
{
    public sealed class Settings : RetrievalSettings
    {
        [CommandOption("-i|--images <DIR>")]
        [Description("Folder of images (searched recursively).")]
        public string Images { get; init; } = "";

        [CommandOption("--batch-size <N>")]
        [Description("Images embedded and committed per transaction.")]
        [DefaultValue(16)]
        public int BatchSize { get; init; } = 16;

        [CommandOption("--store-images")]
        [Description("Keep the image bytes in the store (thumbnails without the original files).")]
        public bool StoreImages { get; init; }

        [CommandOption("--ack <FILE>")]
        [Description("Append 'id<TAB>sha256<TAB>path' for every image after its commit (a record of what is durable).")]
        public string? AckFile { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Images)) return ValidationResult.Error("Give the image folder with --images.");
            if (BatchSize < 1) return ValidationResult.Error("--batch-size must be at least 1.");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        if (!Directory.Exists(settings.Images)) throw new Mip.IO.MipInputException($"Image folder '{settings.Images}' does not exist.");
        var vectorizer = settings.LoadVectorizer();
        using var store = EmbeddingStores.Open(settings.Store, vectorizer.Dimension);
        using var ack = settings.AckFile is null ? null : new StreamWriter(new FileStream(settings.AckFile, FileMode.Append, FileAccess.Write, FileShare.Read));
        var indexer = new GalleryIndexer(store, vectorizer, new IndexOptions { BatchSize = settings.BatchSize, StoreImageBytes = settings.StoreImages });
        if (ack is not null)
        {
            // Written after the commit returned, so every line names an image that is durably in the store.
            indexer.Committed += image =>
            {
                ack.WriteLine($"{image.Id}\t{image.ContentHash}\t{image.Path}");
                ack.Flush();
            };
        }
        IndexReport report = null!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask("indexing", maxValue: 1);
                report = indexer.Run(settings.Images, new Progress<IndexProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Processed;
                    task.Description = $"indexing: {p.Added} added, {p.Skipped} known, {p.Failed} failed";
                }), cancellation);
                task.MaxValue = Math.Max(1, report.Found);
                task.Value = task.MaxValue;
            });
        foreach (var failure in report.Failed) Console.Error.WriteLine($"skipped: {failure.Reason}");
        var stats = store.Stats();
        Console.WriteLine($"Found {report.Found} images: {report.Added} added, {report.AlreadyKnown} already in the store, {report.Failed.Count} could not be read. The store holds {stats.Count}.");
        return 0;
    }
}
