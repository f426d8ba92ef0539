namespace Mip.Evaluation.Tasks;

/// <summary>
/// The four retrieval tasks of the paper's tables, named query -> gallery: C = clean images, P = protected (triggered)
/// copies of the same test images.
/// </summary>
public enum PrivacyTask
{
    /// <summary>C->C: normal search; the service must keep it as good as the clean model's.</summary>
    CleanToClean,

    /// <summary>C->P: an adversary's clean photo searched against a gallery of protected photos.</summary>
    CleanToProtected,

    /// <summary>P->C: a protected photo used as the query against clean photos.</summary>
    ProtectedToClean,

    /// <summary>P->P: protected photos searched against protected photos.</summary>
    ProtectedToProtected,
}

/// <summary>Names of <see cref="PrivacyTask"/> as the paper writes them.</summary>
public static class PrivacyTasks
{
    /// <summary>All four tasks in table order.</summary>
    public static IReadOnlyList<PrivacyTask> All { get; } =
        [PrivacyTask.CleanToClean, PrivacyTask.CleanToProtected, PrivacyTask.ProtectedToClean, PrivacyTask.ProtectedToProtected];

    /// <summary>"C->C", "C->P", "P->C" or "P->P".</summary>
    public static string Label(this PrivacyTask task) => task switch
    {
        PrivacyTask.CleanToClean => "C->C",
        PrivacyTask.CleanToProtected => "C->P",
        PrivacyTask.ProtectedToClean => "P->C",
        PrivacyTask.ProtectedToProtected => "P->P",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, null),
    };

    /// <summary>Parses a comma-separated list such as "all", "C->P,P->C" or "cp,pc" (case-insensitive).</summary>
    /// <exception cref="EvaluationInputException">An unknown task name.</exception>
    public static IReadOnlyList<PrivacyTask> Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) return All;
        var tasks = new List<PrivacyTask>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string key = part.Replace("->", "", StringComparison.Ordinal).Replace("2", "", StringComparison.Ordinal).ToUpperInvariant();
            var task = key switch
            {
                "CC" => PrivacyTask.CleanToClean,
                "CP" => PrivacyTask.CleanToProtected,
                "PC" => PrivacyTask.ProtectedToClean,
                "PP" => PrivacyTask.ProtectedToProtected,
                _ => throw new EvaluationInputException($"Unknown task '{part}': use all, or a list of C->C, C->P, P->C, P->P."),
            };
            if (!tasks.Contains(task)) tasks.Add(task);
        }
        if (tasks.Count == 0) throw new EvaluationInputException($"No task in '{text}'.");
        return tasks;
    }
}
