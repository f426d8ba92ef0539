using Mip.Data;
using Mip.Evaluation.Tasks;
using Mip.Models;
using Mip.Triggers;

namespace Mip.Workflows;

/// <summary>One model to score in a privacy evaluation, with its row name.</summary>
public sealed record NamedModel(string Name, EmbeddingModel Model);

/// <summary>What <see cref="PrivacyEvaluationWorkflow"/> evaluates and where it writes.</summary>
public sealed record PrivacyEvaluationRequest
{
    /// <summary>The models, in table order; the first whose name is <see cref="Reference"/> supplies M_clean.</summary>
    public required IReadOnlyList<NamedModel> Models { get; init; }

    /// <summary>Name of the clean reference model (must be in <see cref="Models"/>).</summary>
    public required string Reference { get; init; }

    /// <summary>The images to search (the test split, or a validation split carved from the training classes).</summary>
    public required IReadOnlyList<ImageRecord> Images { get; init; }

    /// <summary>Name of those images in reports, e.g. "CUB-200-2011 test split".</summary>
    public required string ImagesName { get; init; }

    /// <summary>The trigger that makes the protected copies.</summary>
    public required ITrigger Trigger { get; init; }

    /// <summary>Tasks to score (default all four).</summary>
    public IReadOnlyList<PrivacyTask> Tasks { get; init; } = PrivacyTasks.All;

    /// <summary>Exclusion rules to score under (default strict and paper).</summary>
    public IReadOnlyList<ExclusionRule> Rules { get; init; } = [ExclusionRule.Strict, ExclusionRule.Paper];

    /// <summary>Protected fraction of the mixed gallery, or null to skip it.</summary>
    public double? MixedFraction { get; init; } = MixedGalleryEvaluator.DefaultProtectedFraction;

    /// <summary>Seed choosing the mixed gallery's protected images (and of k-means).</summary>
    public int Seed { get; init; }

    /// <summary>Stages frozen for the feature cache (see <see cref="TaskEmbedding"/>).</summary>
    public int FrozenStages { get; init; } = 4;

    /// <summary>Folder of the persisted feature cache, or null to keep features in memory only.</summary>
    public string? CacheFolder { get; init; }

    /// <summary>Folder for report.md/json/csv and the plots; null writes nothing.</summary>
    public string? OutputFolder { get; init; }

    /// <summary>Extra facts for the report (data set, checkpoints, command).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Facts { get; init; } = [];

    /// <summary>Whether to draw the t-SNE map and the top-5 picture (needs <see cref="OutputFolder"/>).</summary>
    public bool Pictures { get; init; } = true;

    /// <summary>Inference batch size.</summary>
    public int BatchSize { get; init; } = 32;
}
