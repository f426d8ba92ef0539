using Mip.Evaluation.Search;

namespace Mip.Evaluation.Tasks;

/// <summary>
/// Scores one model on the four tasks: each task is a query set searched against a gallery set built from the same
/// test images (clean or protected), under the strict rule (the query's own source image excluded by id) and/or the
/// paper's rule (the first neighbour dropped, whatever it is).
/// </summary>
public static class PrivacyTaskEvaluator
{
    /// <summary>Evaluates <paramref name="tasks"/> under each of <paramref name="rules"/>.</summary>
    public static ModelTaskScores Evaluate(string model, TaskEmbeddings embeddings, IReadOnlyList<PrivacyTask>? tasks = null,
        IReadOnlyList<ExclusionRule>? rules = null, RetrievalEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        embeddings.Validate();
        tasks ??= PrivacyTasks.All;
        rules ??= [ExclusionRule.Strict, ExclusionRule.Paper];
        var baseOptions = options ?? new RetrievalEvaluationOptions();
        var scores = new List<TaskScore>();
        foreach (var task in tasks)
        {
            var (queries, gallery) = Sets(embeddings, task);
            RetrievalScores? clustered = null;
            foreach (var rule in rules)
            {
                var protocol = rule == ExclusionRule.Strict ? SearchProtocol.CrossStrict : SearchProtocol.CrossPaper;
                // The clustering scores do not depend on the exclusion rule: compute them once per task.
                var ruleOptions = clustered is null ? baseOptions : baseOptions with { ComputeClustering = false };
                var result = RetrievalEvaluator.Evaluate(queries, gallery, protocol, ruleOptions);
                if (clustered is not null) result = result with { Nmi = clustered.Nmi, PairwiseF1 = clustered.PairwiseF1 };
                else clustered = result;
                scores.Add(new TaskScore(task, rule, result));
            }
        }
        return new ModelTaskScores(model, scores);
    }

    /// <summary>The query and gallery sets of <paramref name="task"/>.</summary>
    public static (EmbeddingSet Queries, EmbeddingSet Gallery) Sets(TaskEmbeddings embeddings, PrivacyTask task) => task switch
    {
        PrivacyTask.CleanToClean => (embeddings.Clean, embeddings.Clean),
        PrivacyTask.CleanToProtected => (embeddings.Clean, embeddings.Protected),
        PrivacyTask.ProtectedToClean => (embeddings.Protected, embeddings.Clean),
        PrivacyTask.ProtectedToProtected => (embeddings.Protected, embeddings.Protected),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, null),
    };
}
