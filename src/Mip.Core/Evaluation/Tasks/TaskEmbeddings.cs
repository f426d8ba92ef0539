using static TorchSharp.torch;

namespace Mip.Evaluation.Tasks;

/// <summary>
/// One model's embeddings of the test images, clean and protected: row i of both is the same source image (same id,
/// same label), which is what the strict exclusion rule and the cross tasks rely on.
/// </summary>
/// <param name="Clean">Embeddings of the clean test images.</param>
/// <param name="Protected">Embeddings of their protected copies, in the same order.</param>
public sealed record TaskEmbeddings(EmbeddingSet Clean, EmbeddingSet Protected)
{
    /// <summary>Throws <see cref="EvaluationInputException"/> unless both sets hold the same images in the same order.</summary>
    public void Validate()
    {
        Clean.Validate();
        Protected.Validate();
        if (Clean.Count != Protected.Count)
            throw new EvaluationInputException($"The clean set has {Clean.Count} rows but the protected set {Protected.Count}.");
        if (!Clean.Labels.SequenceEqual(Protected.Labels))
            throw new EvaluationInputException("The clean and protected sets list their images with different labels.");
        if (Clean.ImageIds is null || Protected.ImageIds is null || !Clean.ImageIds.SequenceEqual(Protected.ImageIds))
            throw new EvaluationInputException("The clean and protected sets must carry the same image ids in the same order.");
        if (Clean.Embeddings.shape[1] != Protected.Embeddings.shape[1])
            throw new EvaluationInputException(
                $"The clean embeddings are {Clean.Embeddings.shape[1]}-d but the protected ones {Protected.Embeddings.shape[1]}-d.");
    }

    /// <summary>The rows listed in <paramref name="rows"/> of both sets.</summary>
    public TaskEmbeddings Select(IReadOnlyList<int> rows)
    {
        var index = tensor(rows.Select(r => (long)r).ToArray());
        return new TaskEmbeddings(Pick(Clean, index, rows), Pick(Protected, index, rows));
    }

    private static EmbeddingSet Pick(EmbeddingSet set, Tensor index, IReadOnlyList<int> rows) =>
        new(set.Embeddings.index_select(0, index), rows.Select(r => set.Labels[r]).ToArray(),
            set.ImageIds is null ? null : rows.Select(r => set.ImageIds[r]).ToArray(), set.Name);
}
