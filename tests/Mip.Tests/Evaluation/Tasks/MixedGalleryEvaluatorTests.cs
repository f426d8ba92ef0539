using Mip.Evaluation;
using Mip.Evaluation.Tasks;
using static TorchSharp.torch;

namespace Mip.Tests.Evaluation.Tasks;

public sealed class MixedGalleryEvaluatorTests
{
    private static (Tensor, int[], long[]) Classes(int classes, int perClass)
    {
        var e = Points.RandomNormalised(classes, 16, 3);
        var rows = Enumerable.Range(0, classes * perClass).Select(i => (long)(i / perClass)).ToArray();
        var noise = Points.RandomNormalised(rows.Length, 16, 4) * 0.05;
        var embeddings = nn.functional.normalize(e.index_select(0, tensor(rows)) + noise, p: 2, dim: 1);
        return (embeddings, rows.Select(r => (int)r).ToArray(), Enumerable.Range(0, rows.Length).Select(i => (long)i).ToArray());
    }

    [Fact]
    public void Protected_copies_the_model_ignores_are_exposed_and_copies_sent_far_away_are_not()
    {
        var (e, labels, ids) = Classes(5, 8);
        var ignoring = new TaskEmbeddings(new EmbeddingSet(e, labels, ids), new EmbeddingSet(e.clone(), labels, ids));
        var exposed = MixedGalleryEvaluator.Evaluate("clean", ignoring, 0.25, seed: 1);
        Assert.Equal(10, exposed.ProtectedCount);
        Assert.Equal(30, exposed.QueryCount);
        Assert.True(exposed.ExposureAtK[8] > 0.9, $"exposure@8 {exposed.ExposureAtK[8]}");
        Assert.Equal(1.0, exposed.CleanRecallAtK[1], 9);

        var far = -e.clone(); // the antipode of every image: as far as a unit vector can be
        var hiding = new TaskEmbeddings(new EmbeddingSet(e, labels, ids), new EmbeddingSet(far, labels, ids));
        var hidden = MixedGalleryEvaluator.Evaluate("tuned", hiding, 0.25, seed: 1);
        Assert.Equal(0.0, hidden.ExposureAtK[8], 9);
        Assert.Equal(exposed.CleanRecallAtK[1], hidden.CleanRecallAtK[1], 9);
    }

    [Fact]
    public void The_protected_rows_depend_only_on_the_seed()
    {
        Assert.Equal(MixedGalleryEvaluator.ProtectedRows(100, 0.1, 5), MixedGalleryEvaluator.ProtectedRows(100, 0.1, 5));
        Assert.NotEqual(MixedGalleryEvaluator.ProtectedRows(100, 0.1, 5), MixedGalleryEvaluator.ProtectedRows(100, 0.1, 6));
        Assert.Equal(10, MixedGalleryEvaluator.ProtectedRows(100, 0.1, 5).Length);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.2)]
    [InlineData(double.NaN)]
    public void A_fraction_outside_zero_to_one_is_refused(double fraction)
    {
        var error = Assert.Throws<EvaluationInputException>(() => MixedGalleryEvaluator.ProtectedRows(10, fraction, 0));
        Assert.Contains("fraction", error.Message);
    }
}
