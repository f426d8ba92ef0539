using Mip.Evaluation;
using Mip.Evaluation.Tasks;
using static TorchSharp.torch;

namespace Mip.Tests.Evaluation.Tasks;

public sealed class ProtectedLeakEvaluatorTests
{
    // Seven images in three classes on the axes of R^3: class 0 = ids 0-1, class 1 = ids 2-3, class 2 = ids 4-6.
    // Protected copies: 1 stays on its class (found by query 0), 4 stays on its class (found by queries 5 and 6, whose
    // own copies moved away); every other copy is moved to the far side of its class.
    private static TaskEmbeddings Embeddings()
    {
        float[][] clean = [[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1], [0, 0, 1]];
        float[][] triggered = [[-1, 0, 0], [1, 0, 0], [0, -1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1], [0, 0, -1]];
        int[] labels = [0, 0, 1, 1, 2, 2, 2];
        long[] ids = [0, 1, 2, 3, 4, 5, 6];
        return new TaskEmbeddings(new EmbeddingSet(tensor(clean.SelectMany(r => r).ToArray(), [7, 3]), labels, ids),
            new EmbeddingSet(tensor(triggered.SelectMany(r => r).ToArray(), [7, 3]), labels, ids));
    }

    [Fact]
    public void CountsEachProtectedImagesFirstResultHitsAndWhoCarriesThem()
    {
        var leaks = ProtectedLeakEvaluator.Evaluate("pbl", Embeddings());

        Assert.Equal(7, leaks.Queries);
        Assert.Equal(3, leaks.Hits);
        Assert.Equal(2, leaks.LeakingImages);
        // A tenth of 7 protected images is 1 (rounded up): image 4 with 2 of the 3 hits.
        Assert.Equal(2.0 / 3, leaks.MostFoundTenthShare, 12);
        Assert.Equal([new LeakingImage(4, 2, 2), new LeakingImage(1, 0, 1)], leaks.MostFound);
        // The leaking copies (1 and 4) did not move; the five others moved to the antipode (squared distance 4).
        Assert.Equal(0, leaks.LeakingShift, 6);
        Assert.Equal(4, leaks.OtherShift, 6);
        Assert.Equal(1, leaks.ShiftAuc, 12);
        // Shifts 4, 0, 4, 4, 0, 4, 4: a tenth of 7 is the first in order, 0.
        Assert.Equal(0, leaks.ShiftTenthPercentile, 6);
    }

    [Fact]
    public void HitsOverQueriesIsTheCleanToProtectedRecallAtOne()
    {
        var embeddings = Embeddings();
        var leaks = ProtectedLeakEvaluator.Evaluate("pbl", embeddings);
        var scores = PrivacyTaskEvaluator.Evaluate("pbl", embeddings, [PrivacyTask.CleanToProtected], [ExclusionRule.Strict],
            new RetrievalEvaluationOptions { RecallKs = [1], ComputeClustering = false });
        Assert.Equal(scores.Get(PrivacyTask.CleanToProtected, ExclusionRule.Strict).RecallAtK[1], (double)leaks.Hits / leaks.Queries, 12);
    }

    [Fact]
    public void WithoutHitsTheShareIsUndefinedAndTheListShort()
    {
        var e = Embeddings();
        var hidden = e with { Protected = e.Protected with { Embeddings = -e.Clean.Embeddings } };
        var leaks = ProtectedLeakEvaluator.Evaluate("hidden", hidden, listed: 3);
        Assert.Equal(0, leaks.Hits);
        Assert.Equal(0, leaks.LeakingImages);
        Assert.True(double.IsNaN(leaks.MostFoundTenthShare));
        Assert.True(double.IsNaN(leaks.LeakingShift) && double.IsNaN(leaks.ShiftAuc));
        Assert.Equal(4, leaks.OtherShift, 6);
        Assert.Empty(leaks.MostFound);
        Assert.Single(ProtectedLeakEvaluator.Evaluate("pbl", e, listed: 1).MostFound);
    }
}
