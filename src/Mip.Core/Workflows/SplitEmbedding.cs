using Mip.Data;
using Mip.Evaluation;
using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Workflows;

/// <summary>Embeds a whole data-set split into an <see cref="EmbeddingSet"/> (labels and source-image ids kept).</summary>
public static class SplitEmbedding
{
    public static EmbeddingSet Embed(EmbeddingModel model, DatasetSplit split, IWorkflowProgress? progress = null, int batchSize = 32)
    {
        progress ??= NoProgress.Instance;
        progress.BeginStage($"embedding {split.Name} ({split.Count} images)", split.Count);
        var embedder = new ImageEmbedder(model, batchSize);
        float[] vectors = embedder.Embed(split.Images.Select(i => i.Path).ToArray(), new Progress<int>(n => progress.Report(n)));
        progress.EndStage();
        var matrix = tensor(vectors, [split.Count, model.EmbeddingSize]);
        return new EmbeddingSet(matrix, split.Labels.ToArray(), split.Images.Select(i => (long)i.Id).ToArray(), split.Name);
    }
}
