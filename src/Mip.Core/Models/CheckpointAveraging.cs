using System.Globalization;
using Mip.Checkpoints;
using Mip.IO;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>
/// Averages the weights of several checkpoints of one run (stochastic weight averaging over its epochs, Izmailov et
/// al. 2018): with frozen BatchNorm there are no running statistics to recompute, so the mean of the weights is the
/// model. Frozen stages are the same in every epoch and come out bit for bit unchanged (the sums are kept in float64,
/// where n copies of a float32 add and divide exactly), so the feature cache keyed by them stays valid.
/// </summary>
public static class CheckpointAveraging
{
    /// <summary>
    /// Writes to <paramref name="outputPath"/> (atomically) a checkpoint whose every floating-point tensor is the mean
    /// of that tensor over <paramref name="paths"/>; the metadata is the first input's, with the highest epoch and a
    /// note naming the inputs.
    /// </summary>
    /// <returns>The metadata written.</returns>
    /// <exception cref="MipInputException">Fewer than two inputs, an input given twice, the output is an input, or its folder does not exist.</exception>
    /// <exception cref="CheckpointException">An input is missing or corrupt, or is not from the first one's run (architecture, method, trigger, data set or a training setting other than the epoch count differ).</exception>
    public static CheckpointMetadata Average(IReadOnlyList<string> paths, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        if (paths.Count < 2) throw new MipInputException($"Averaging needs at least two checkpoints, got {paths.Count}.");
        var full = paths.Select(Path.GetFullPath).ToList();
        if (full.Distinct(StringComparer.Ordinal).Count() != full.Count)
            throw new MipInputException("A checkpoint is given twice; each epoch should count once in the average.");
        if (full.Contains(Path.GetFullPath(outputPath), StringComparer.Ordinal))
            throw new MipInputException($"The output '{outputPath}' is one of the inputs; write the average to another file.");
        AtomicFile.RequireFolder(outputPath);

        var (model, first) = EmbeddingModelCheckpoint.Load(paths[0]);
        // Every other input is loaded into this one copy of the architecture (strictly, so names and shapes agree).
        var (other, _) = EmbeddingModelCheckpoint.Load(paths[0]);
        using (model)
        using (other)
        using (var scope = NewDisposeScope())
        {
            var target = model.state_dict();
            var loaded = other.state_dict();
            var sums = target.ToDictionary(kv => kv.Key, kv => kv.Value.is_floating_point() ? kv.Value.to(ScalarType.Float64) : kv.Value.clone());
            var epochs = new List<int> { first.Metadata.Epoch };
            foreach (string path in paths.Skip(1))
            {
                var checkpoint = CheckpointFile.Read(path);
                RequireSameRun(first, checkpoint);
                checkpoint.LoadInto(other);
                epochs.Add(checkpoint.Metadata.Epoch);
                foreach (var (name, tensor) in loaded)
                {
                    if (tensor.is_floating_point()) sums[name].add_(tensor.to(ScalarType.Float64));
                    else if (!sums[name].eq(tensor).all().item<bool>())
                        throw new CheckpointException(path, $"differs from {paths[0]} in the integer tensor '{name}', which cannot be averaged.");
                }
            }
            using (no_grad())
            {
                foreach (var (name, tensor) in target)
                    if (tensor.is_floating_point()) tensor.copy_(sums[name] / paths.Count);
            }
            var sources = paths.Zip(epochs, (p, e) => $"{Path.GetFileName(p)} (epoch {e.ToString(CultureInfo.InvariantCulture)})");
            var notes = new Dictionary<string, string>(first.Metadata.Notes)
            {
                ["averagedFrom"] = string.Join(", ", sources),
            };
            // A validation score belongs to one epoch's weights, not to their mean.
            notes.Remove("validationRecallAt1");
            var metadata = first.Metadata with { Epoch = epochs.Max(), Notes = notes, CreatedUtc = DateTimeOffset.UtcNow };
            EmbeddingModelCheckpoint.Save(outputPath, model, metadata);
            return metadata;
        }
    }

    // The epoch count is the one setting two checkpoints of one run may differ in (a resumed run is given more epochs).
    private static string? DifferentSetting(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Keys.Union(b.Keys).Where(k => k != "epochs").Order(StringComparer.Ordinal)
            .FirstOrDefault(k => Value(a, k) != Value(b, k));

    private static string Value(IReadOnlyDictionary<string, string> settings, string key) =>
        settings.TryGetValue(key, out var v) ? v : "(unset)";

    private static void RequireSameRun(Checkpoint first, Checkpoint other)
    {
        var a = first.Metadata;
        var b = other.Metadata;
        string? difference =
            a.Backbone != b.Backbone ? $"holds a {b.Backbone} model, {first.Path} a {a.Backbone} one" :
            a.EmbeddingSize != b.EmbeddingSize ? $"holds {b.EmbeddingSize}-d embeddings, {first.Path} {a.EmbeddingSize}-d ones" :
            a.InputSize != b.InputSize ? $"was trained at {b.InputSize} px, {first.Path} at {a.InputSize} px" :
            a.Method != b.Method ? $"was trained with {b.Method}, {first.Path} with {a.Method}" :
            a.Trigger != b.Trigger ? $"carries the trigger {b.Trigger ?? "none"}, {first.Path} {a.Trigger ?? "none"}" :
            a.Dataset != b.Dataset ? $"was trained on {b.Dataset ?? "no named data set"}, {first.Path} on {a.Dataset ?? "no named data set"}" :
            DifferentSetting(a.Hyperparameters, b.Hyperparameters) is { } key
                ? $"has {key} = {Value(b.Hyperparameters, key)}, {first.Path} {Value(a.Hyperparameters, key)}" :
            null;
        if (difference is not null) throw new CheckpointException(other.Path, difference + "; only checkpoints of one run can be averaged.");
    }
}
