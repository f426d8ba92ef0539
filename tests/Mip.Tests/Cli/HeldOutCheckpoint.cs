namespace Mip.Tests.Cli;

/// <summary>Untrained checkpoints whose metadata says which validation classes their (pretend) training held out.</summary>
internal static class HeldOutCheckpoint
{
    /// <summary>Saves a 64-px model at <paramref name="path"/> as if trained on the data set at <paramref name="data"/> with --val-fraction and --seed.</summary>
    public static string Save(string data, string path, string valFraction, string seed)
    {
        using var model = Mip.Models.EmbeddingModelFactory.Create(new Mip.Models.EmbeddingModelOptions { InputSize = 64, EmbeddingSize = 16 });
        var metadata = Mip.Models.EmbeddingModelCheckpoint.DescribeArchitecture(model) with
        {
            Method = "clean",
            Dataset = Mip.Data.DatasetReaders.Open(data).Name,
            Hyperparameters = new Dictionary<string, string> { ["valFraction"] = valFraction, ["seed"] = seed },
        };
        Mip.Models.EmbeddingModelCheckpoint.Save(path, model, metadata);
        return path;
    }
}
