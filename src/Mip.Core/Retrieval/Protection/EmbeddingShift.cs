using Mip.Images;
using Mip.Runtime;
using static TorchSharp.torch;

namespace Mip.Retrieval.Protection;

/// <summary>
/// How far a model moves a photo's protected copy from the photo: the squared Euclidean distance between the two
/// L2-normalised embeddings (0 to 4), the distance the triplet losses use. A backdoored model moves almost every
/// protected copy far (about 1 under the benchmark's PBL model); the few it moves little are the ones clean queries
/// still find (bench/backdoor, "Where C->P's misses come from").
/// </summary>
public sealed class EmbeddingShift
{
    private readonly ImageVectorizer _vectorizer;

    /// <summary>
    /// Measures with the model of <paramref name="vectorizer"/> (which may also serve searches: it runs one forward pass
    /// at a time), named <paramref name="modelId"/> in <see cref="Id"/> (e.g. its checkpoint's digest).
    /// </summary>
    public EmbeddingShift(ImageVectorizer vectorizer, string modelId)
    {
        _vectorizer = vectorizer ?? throw new ArgumentNullException(nameof(vectorizer));
        if (string.IsNullOrWhiteSpace(modelId)) throw new ArgumentException("The model needs an id.", nameof(modelId));
        Id = modelId;
    }

    /// <summary>Names the model, so that what was measured with two different models never shares a cache entry.</summary>
    public string Id { get; }

    /// <summary>
    /// The shift of each protected copy in <paramref name="marked"/> from the photo at the same position in
    /// <paramref name="photos"/>; both are resized to the model's input as search does.
    /// </summary>
    public double[] Measure(IReadOnlyList<RgbImage> photos, IReadOnlyList<RgbImage> marked)
    {
        ArgumentNullException.ThrowIfNull(photos);
        ArgumentNullException.ThrowIfNull(marked);
        if (photos.Count != marked.Count) throw new ArgumentException($"{photos.Count} photos but {marked.Count} protected copies.", nameof(marked));
        if (photos.Count == 0) return [];
        // The forward pass makes scalars of numbers in places TorchSharp does not keep them; no collection may free one
        // mid-call (seen once while protected copies were made on several threads).
        float[][] vectors = KeptScalar.WithoutCollection(() => _vectorizer.Embed([.. photos, .. marked]));
        int n = photos.Count;
        using var scope = NewDisposeScope();
        Tensor embeddings = tensor(vectors.SelectMany(v => v).ToArray(), [2L * n, _vectorizer.Dimension]);
        Tensor shift = (embeddings[..n] - embeddings[n..]).square().sum(1).to(ScalarType.Float64);
        return shift.data<double>().ToArray();
    }
}
