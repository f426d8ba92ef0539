using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Evaluation.Search;

/// <summary>
/// Validated inputs of one search and the bookkeeping shared by the blocked and the full-matrix search: how many
/// neighbours to rank and keep, masking of excluded gallery rows, and copying ranked blocks into the result arrays.
/// Tensors it creates belong to the caller's dispose scope.
/// </summary>
internal sealed class SearchPlan
{
    private readonly int[] _indices;
    private readonly float[] _distances;

    private SearchPlan(Tensor queries, Tensor gallery, int kept, SearchExclusion exclusion)
    {
        Queries = queries;
        Gallery = gallery;
        QueryCount = (int)queries.shape[0];
        GalleryCount = (int)gallery.shape[0];
        Kept = kept;
        Exclusion = exclusion;
        _indices = new int[(long)QueryCount * kept];
        _distances = new float[_indices.Length];
    }

    public Tensor Queries { get; }
    public Tensor Gallery { get; }
    public int QueryCount { get; }
    public int GalleryCount { get; }
    public SearchExclusion Exclusion { get; }

    /// <summary>Neighbours kept per query.</summary>
    public int Kept { get; }

    /// <summary>Neighbours ranked per query: the kept ones plus those the rule drops from the head.</summary>
    public int Ranked => Kept + Exclusion.DroppedLeadingNeighbours;

    public static SearchPlan Create(Tensor queries, Tensor gallery, int k, SearchExclusion exclusion)
    {
        ArgumentNullException.ThrowIfNull(exclusion);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var q = AsSearchable(queries, "query embeddings");
        var g = AsSearchable(gallery, "gallery embeddings");
        if (q.shape[1] != g.shape[1])
            throw new EvaluationInputException(
                $"The query embeddings have {q.shape[1]} dimensions but the gallery embeddings {g.shape[1]}.");
        int queryCount = (int)q.shape[0], galleryCount = (int)g.shape[0];
        exclusion.Validate(queryCount, galleryCount);

        int available = galleryCount - exclusion.MaxExcludedPerQuery(queryCount) - exclusion.DroppedLeadingNeighbours;
        if (available < 1)
            throw new EvaluationInputException(
                $"The gallery of {galleryCount} items leaves no neighbour for some query under the {exclusion.Protocol} protocol.");
        int kept = Math.Min(k, available);
        if ((long)queryCount * kept > Array.MaxLength)
            throw new EvaluationInputException(
                $"{queryCount} queries x {kept} neighbours exceed what one result can hold; search the queries in parts.");
        return new SearchPlan(q, g, kept, exclusion);
    }

    /// <summary>Sets the distances of excluded (query, gallery row) pairs of a [B, G] block to +infinity.</summary>
    public void MaskExcluded(Tensor distances, int firstQuery)
    {
        int rows = (int)distances.shape[0];
        var flat = new List<long>();
        for (int r = 0; r < rows; r++)
            foreach (int g in Exclusion.ExcludedGalleryRows(firstQuery + r))
                flat.Add((long)r * GalleryCount + g);
        if (flat.Count == 0) return;
        using var positions = tensor(flat.ToArray(), dtype: ScalarType.Int64);
        distances.view(-1).index_fill_(0, positions, double.PositiveInfinity);
    }

    /// <summary>Copies ranked [B, Ranked] values and indices of the queries from <paramref name="firstQuery"/> on, dropping the rule's leading neighbours.</summary>
    public void Store(Tensor values, Tensor indices, int firstQuery)
    {
        int dropped = Exclusion.DroppedLeadingNeighbours;
        var keptValues = values.narrow(1, dropped, Kept).contiguous();
        var keptIndices = indices.narrow(1, dropped, Kept).to_type(ScalarType.Int32).contiguous();
        int offset = firstQuery * Kept;
        var valueSpan = MemoryMarshal.Cast<byte, float>(keptValues.bytes);
        var indexSpan = MemoryMarshal.Cast<byte, int>(keptIndices.bytes);
        valueSpan.CopyTo(_distances.AsSpan(offset, valueSpan.Length));
        indexSpan.CopyTo(_indices.AsSpan(offset, indexSpan.Length));
    }

    public TopKResult ToResult() => new(QueryCount, GalleryCount, _indices, _distances, Exclusion);

    private static Tensor AsSearchable(Tensor embeddings, string what)
    {
        if (embeddings is null) throw new EvaluationInputException($"No {what} were given.");
        if (embeddings.dim() != 2)
            throw new EvaluationInputException($"The {what} must be a 2-D [N, D] tensor, but have shape [{string.Join(", ", embeddings.shape)}].");
        if (embeddings.shape[0] < 1 || embeddings.shape[1] < 1)
            throw new EvaluationInputException($"The {what} are empty (shape [{string.Join(", ", embeddings.shape)}]).");
        if (embeddings.shape[0] > int.MaxValue)
            throw new EvaluationInputException($"The {what} have {embeddings.shape[0]} rows, more than a search supports.");
        if (!embeddings.is_floating_point())
            throw new EvaluationInputException($"The {what} must be floating point, but are {embeddings.dtype}.");
        // Searching runs on the CPU in float32; other floating types and devices are converted, not rejected.
        var converted = embeddings.to(ScalarType.Float32, CPU).contiguous();
        if (!isfinite(converted).all().item<bool>())
            throw new EvaluationInputException($"The {what} contain NaN or infinite values.");
        return converted;
    }
}
