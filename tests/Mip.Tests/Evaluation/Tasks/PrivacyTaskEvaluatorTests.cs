using Mip.Evaluation;
using Mip.Evaluation.Tasks;
using static TorchSharp.torch;

namespace Mip.Tests.Evaluation.Tasks;

public sealed class PrivacyTaskEvaluatorTests
{
    // Three classes of four images each, well separated, so the clean model's C->C is perfect.
    private static (Tensor Embeddings, int[] Labels, long[] Ids) Clusters()
    {
        var rows = new List<float>();
        var labels = new List<int>();
        var random = new Random(7);
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 4; i++)
            {
                rows.AddRange([c == 0 ? 1f : 0f, c == 1 ? 1f : 0f, c == 2 ? 1f : 0f, (float)(0.05 * random.NextDouble())]);
                labels.Add(c);
            }
        var t = nn.functional.normalize(Points.Rows(4, [.. rows]), p: 2, dim: 1);
        return (t, labels.ToArray(), Enumerable.Range(100, labels.Count).Select(i => (long)i).ToArray());
    }

    private static TaskEmbeddings Embeddings(Tensor clean, Tensor protectedRows, int[] labels, long[] ids) =>
        new(new EmbeddingSet(clean, labels, ids, "clean"), new EmbeddingSet(protectedRows, labels, ids, "protected"));

    [Fact]
    public void A_trigger_the_model_ignores_leaves_every_task_as_good_as_clean_search_under_the_strict_rule()
    {
        var (e, labels, ids) = Clusters();
        var scores = PrivacyTaskEvaluator.Evaluate("clean", Embeddings(e, e.clone(), labels, ids));
        foreach (var task in PrivacyTasks.All)
        {
            var s = scores.Get(task, ExclusionRule.Strict);
            Assert.Equal(1.0, s.RecallAtK[1], 9);
            // mAP_c counts the excluded own copy in the class size, as the paper's code: a perfect ranking is (R-1)/R.
            Assert.Equal(0.75, s.MapAtClassSize, 9);
        }
        // Under the paper's rule the cross tasks drop the query's own copy (it ranks first): still perfect here.
        Assert.Equal(1.0, scores.Get(PrivacyTask.CleanToProtected, ExclusionRule.Paper).RecallAtK[1], 9);
        Assert.Equal(8, scores.Scores.Count);
    }

    [Fact]
    public void Protected_copies_that_land_in_another_class_break_protected_queries_and_give_full_psr()
    {
        var (e, labels, ids) = Clusters();
        // Each protected copy sits exactly on an image of the next class.
        var permutation = Enumerable.Range(0, labels.Length).Select(i => (long)((i + 4) % labels.Length)).ToArray();
        var moved = e.index_select(0, tensor(permutation));
        var clean = PrivacyTaskEvaluator.Evaluate("clean", Embeddings(e, e.clone(), labels, ids));
        var tuned = PrivacyTaskEvaluator.Evaluate("tuned", Embeddings(e, moved, labels, ids));

        Assert.Equal(0.0, tuned.Get(PrivacyTask.ProtectedToClean, ExclusionRule.Strict).RecallAtK[1], 9);
        Assert.Equal(1.0, tuned.Get(PrivacyTask.CleanToClean, ExclusionRule.Strict).RecallAtK[1], 9);
        // Protected images keep their neighbours among themselves (the whole class moved together).
        Assert.Equal(1.0, tuned.Get(PrivacyTask.ProtectedToProtected, ExclusionRule.Strict).RecallAtK[1], 9);
        var psr = PrivacySuccessRate.ForTask(clean, tuned, PrivacyTask.ProtectedToClean, ExclusionRule.Strict, ["R@1", "mAP_c"]);
        Assert.Equal(1.0, psr["R@1"]!.Value, 9);
        Assert.Equal(0.0, PrivacySuccessRate.ForTask(clean, tuned, PrivacyTask.ProtectedToProtected, ExclusionRule.Strict, ["R@1"])["R@1"]!.Value, 9);
    }

    [Fact]
    public void Psr_follows_equation_10()
    {
        Assert.Equal(0.75, PrivacySuccessRate.Compute(0.8, 0.2)!.Value, 12);
        Assert.Equal(-0.25, PrivacySuccessRate.Compute(0.8, 1.0)!.Value, 12);
        Assert.Null(PrivacySuccessRate.Compute(0, 0.5));
        Assert.Null(PrivacySuccessRate.Compute(null, 0.5));
    }

    [Fact]
    public void Mismatched_clean_and_protected_sets_are_refused()
    {
        var (e, labels, ids) = Clusters();
        var otherIds = ids.Reverse().ToArray();
        var bad = new TaskEmbeddings(new EmbeddingSet(e, labels, ids, "clean"), new EmbeddingSet(e, labels, otherIds, "protected"));
        var error = Assert.Throws<EvaluationInputException>(() => PrivacyTaskEvaluator.Evaluate("m", bad));
        Assert.Contains("image ids", error.Message);
    }

    [Theory]
    [InlineData("all", 4)]
    [InlineData("C->P,P->C", 2)]
    [InlineData("cp, pc, CP", 2)]
    [InlineData("c2c", 1)]
    public void Task_lists_parse(string text, int count) => Assert.Equal(count, PrivacyTasks.Parse(text).Count);

    [Fact]
    public void An_unknown_task_is_named_in_the_error()
    {
        var error = Assert.Throws<EvaluationInputException>(() => PrivacyTasks.Parse("C->C,X->Y"));
        Assert.Contains("X->Y", error.Message);
    }
}
