using static TorchSharp.torch;

namespace Mip.Evaluation;

/// <summary>
/// One side of a retrieval evaluation (the queries or the gallery): an [N, D] embedding matrix, one class label per
/// row and, optionally, one source-image id per row (needed by <see cref="Search.SearchProtocol.CrossStrict"/>).
/// </summary>
/// <param name="Embeddings">[N, D] floating tensor, one row per image; the metrics assume rows are L2-normalised.</param>
/// <param name="Labels">Class label of each row.</param>
/// <param name="ImageIds">Id of the source image of each row, so that a clean and a triggered copy share an id.</param>
/// <param name="Name">What this set is called in error messages, e.g. "query set" or "gallery 'cub-test-triggered'".</param>
public sealed record EmbeddingSet(Tensor Embeddings, int[] Labels, long[]? ImageIds = null, string Name = "embedding set")
{
    /// <summary>Number of rows.</summary>
    public int Count => Labels.Length;

    /// <summary>Throws <see cref="EvaluationInputException"/> when labels or ids do not match the embedding rows.</summary>
    public void Validate()
    {
        if (Embeddings is null) throw new EvaluationInputException($"The {Name} has no embeddings.");
        if (Labels is null) throw new EvaluationInputException($"The {Name} has no labels.");
        if (Embeddings.dim() != 2)
            throw new EvaluationInputException(
                $"The {Name} embeddings must be a 2-D [N, D] tensor, but have shape [{string.Join(", ", Embeddings.shape)}].");
        if (Labels.Length == 0)
            throw new EvaluationInputException($"The {Name} is empty.");
        if (Embeddings.shape[0] != Labels.Length)
            throw new EvaluationInputException(
                $"The {Name} has {Embeddings.shape[0]} embedding rows but {Labels.Length} labels.");
        if (ImageIds is not null && ImageIds.Length != Labels.Length)
            throw new EvaluationInputException(
                $"The {Name} has {Labels.Length} labels but {ImageIds.Length} image ids.");
    }
}
