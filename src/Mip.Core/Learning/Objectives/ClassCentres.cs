using static TorchSharp.torch;

namespace Mip.Learning.Objectives;

/// <summary>
/// The cluster-centre set D_c of CBL: the mean embedding of each training class. As in the paper's code the centres are
/// computed once, with the initial model, and are not re-normalised; <see cref="Compute"/> may be called again (for
/// example every epoch) when a run asks for fresh centres.
/// </summary>
public sealed class ClassCentres
{
    private ClassCentres(Tensor centres, int[] classLabels)
    {
        Centres = centres;
        ClassLabels = classLabels;
    }

    /// <summary>[C, D] centres, row i for <see cref="ClassLabels"/>[i].</summary>
    public Tensor Centres { get; }

    /// <summary>The class of each row.</summary>
    public IReadOnlyList<int> ClassLabels { get; }

    /// <summary>Means the rows of <paramref name="embeddings"/> [N, D] per label.</summary>
    public static ClassCentres Compute(Tensor embeddings, IReadOnlyList<int> labels)
    {
        if (embeddings.dim() != 2 || embeddings.shape[0] != labels.Count)
            throw new ArgumentException($"Expected [N, D] embeddings for {labels.Count} labels, got [{string.Join(", ", embeddings.shape)}].");
        var classes = labels.Distinct().Order().ToArray();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var rows = new List<Tensor>();
        foreach (var label in classes)
        {
            var members = labels.Select((l, i) => (l, i)).Where(x => x.l == label).Select(x => (long)x.i).ToArray();
            rows.Add(embeddings.detach().index_select(0, tensor(members, ScalarType.Int64, embeddings.device)).mean([0]));
        }
        return new ClassCentres(stack(rows).MoveToOuterDisposeScope(), classes);
    }
}
