namespace Mip.Evaluation.Tasks;

/// <summary>The scores of one task under one exclusion rule.</summary>
public sealed record TaskScore(PrivacyTask Task, ExclusionRule Rule, RetrievalScores Scores);

/// <summary>One model's scores on the tasks it was evaluated on.</summary>
/// <param name="Model">Row name, e.g. "PBL (stego)".</param>
/// <param name="Scores">One entry per (task, rule).</param>
public sealed record ModelTaskScores(string Model, IReadOnlyList<TaskScore> Scores)
{
    /// <summary>The scores of <paramref name="task"/> under <paramref name="rule"/>, or null when it was not evaluated.</summary>
    public RetrievalScores? Find(PrivacyTask task, ExclusionRule rule) =>
        Scores.FirstOrDefault(s => s.Task == task && s.Rule == rule)?.Scores;

    /// <summary>Like <see cref="Find"/>, but throws when the task was not evaluated.</summary>
    public RetrievalScores Get(PrivacyTask task, ExclusionRule rule) =>
        Find(task, rule) ?? throw new EvaluationInputException($"{Model} was not evaluated on {task.Label()} under the {rule} rule.");
}
