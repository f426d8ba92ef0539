using System.Collections;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>
/// Loads PyTorch state dicts (torchvision parameter names) into TorchSharp modules through TorchSharp.PyBridge:
/// <c>torch.save</c> zip files (.pth, .pt, .bin) and .safetensors. Unlike a plain <c>load_state_dict</c> it reports
/// every missing key, unexpected key and shape mismatch at once, in a <see cref="WeightsFileException"/> naming the
/// file, and changes nothing in the module unless the whole file fits.
/// </summary>
public static class StateDictLoader
{
    private const int ListedKeys = 8;
    private const string CounterSuffix = ".num_batches_tracked";

    /// <summary>
    /// Copies the tensors of <paramref name="path"/> into <paramref name="module"/> by name. Keys starting with one of
    /// <paramref name="ignoredPrefixes"/> are skipped; a <c>module.</c> prefix on every key (nn.DataParallel) is
    /// removed; values are converted to the module's dtype and device.
    /// </summary>
    /// <exception cref="WeightsFileException">The file is missing, unreadable, or its keys or shapes do not fit.</exception>
    public static StateDictLoadResult Load(nn.Module module, string path, IReadOnlyList<string> ignoredPrefixes)
    {
        Dictionary<string, Tensor> source = Read(path);
        try
        {
            return CopyInto(module, source, path, ignoredPrefixes);
        }
        finally
        {
            foreach (var t in source.Values) t.Dispose();
        }
    }

    /// <summary>Reads every tensor of a state dict file (on the CPU) by key.</summary>
    /// <exception cref="WeightsFileException">The file is missing or is not a readable state dict.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path))
            throw new WeightsFileException($"Weights file '{path}' does not exist.");
        try
        {
            Dictionary<string, Tensor> tensors = Path.GetExtension(path).Equals(".safetensors", StringComparison.OrdinalIgnoreCase)
                ? Safetensors.LoadStateDict(path)
                : FromPickle(PyTorchUnpickler.UnpickleStateDict(path), path);
            return StripDataParallelPrefix(tensors);
        }
        catch (WeightsFileException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new WeightsFileException(
                $"Weights file '{path}' could not be read as a PyTorch state dict (torch.save of a state_dict, or " +
                $".safetensors): {e.Message}", e);
        }
    }

    private static Dictionary<string, Tensor> FromPickle(Hashtable table, string path)
    {
        // Training checkpoints often wrap the weights: {"state_dict": {...}, "epoch": ...}.
        foreach (string wrapper in new[] { "state_dict", "model" })
            if (table[wrapper] is Hashtable inner) return FromPickle(inner, path);

        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Value is not Tensor t)
                throw new WeightsFileException(
                    $"Weights file '{path}' is not a state dict: entry '{entry.Key}' is a {entry.Value?.GetType().Name ?? "null"}, not a tensor.");
            result[(string)entry.Key] = t;
        }
        return result;
    }

    private static Dictionary<string, Tensor> StripDataParallelPrefix(Dictionary<string, Tensor> tensors)
    {
        const string prefix = "module.";
        if (tensors.Count == 0 || !tensors.Keys.All(k => k.StartsWith(prefix, StringComparison.Ordinal))) return tensors;
        return tensors.ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
    }

    private static StateDictLoadResult CopyInto(nn.Module module, Dictionary<string, Tensor> source, string path, IReadOnlyList<string> ignoredPrefixes)
    {
        Dictionary<string, Tensor> target = module.state_dict();
        bool Ignored(string key) => ignoredPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));

        var ignored = source.Keys.Where(Ignored).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var unexpected = source.Keys.Where(k => !Ignored(k) && !target.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var absent = target.Keys.Where(k => !source.ContainsKey(k)).ToList();
        var absentCounters = absent.Where(k => k.EndsWith(CounterSuffix, StringComparison.Ordinal)).ToList();
        var missing = absent.Except(absentCounters).ToList();
        var mismatched = target.Keys.Where(source.ContainsKey)
            .Where(k => !source[k].shape.SequenceEqual(target[k].shape))
            .Select(k => $"{k} is [{string.Join(", ", source[k].shape)}] in the file, [{string.Join(", ", target[k].shape)}] in the network")
            .ToList();

        if (missing.Count + unexpected.Count + mismatched.Count > 0)
        {
            var problems = new List<string>();
            if (missing.Count > 0) problems.Add($"{missing.Count} missing key(s): {List(missing)}");
            if (unexpected.Count > 0) problems.Add($"{unexpected.Count} unexpected key(s): {List(unexpected)}");
            if (mismatched.Count > 0) problems.Add($"{mismatched.Count} shape mismatch(es): {List(mismatched)}");
            throw new WeightsFileException(
                $"Weights file '{path}' does not fit the {module.GetName()} network (torchvision parameter names expected): " +
                string.Join("; ", problems) + ".");
        }

        using (no_grad())
        {
            foreach (var (key, destination) in target)
                if (source.TryGetValue(key, out Tensor? value)) destination.copy_(value);
        }
        return new StateDictLoadResult(path, target.Count - absentCounters.Count, ignored, absentCounters);
    }

    private static string List(IReadOnlyList<string> items) =>
        string.Join(", ", items.Take(ListedKeys)) + (items.Count > ListedKeys ? $", ... ({items.Count - ListedKeys} more)" : "");
}
