using Mip.Data;
using Mip.Learning.Objectives;
using Mip.Learning.Training;
using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Defences.Pruning;

/// <summary>
/// The second half of fine-pruning: after masking the least active channels, the defender fine-tunes the pruned model
/// on clean data with the plain triplet loss, the masked channels staying masked (their head columns start at zero
/// and are put back to zero before every training step).
/// </summary>
public static class PrunedFineTuning
{
    /// <summary>A fine-tuned copy of <paramref name="model"/> with <paramref name="prunedChannels"/> masked; the original is untouched.</summary>
    public static EmbeddingModel FineTune(EmbeddingModel model, IReadOnlyList<int> prunedChannels, IReadOnlyList<ImageRecord> cleanImages,
        TrainerOptions options, string workFolder)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prunedChannels);
        Directory.CreateDirectory(workFolder);
        // A checkpoint round trip is the exact, architecture-independent copy.
        string source = Path.Combine(workFolder, "pruned-source.ckpt");
        EmbeddingModelCheckpoint.Save(source, model, EmbeddingModelCheckpoint.DescribeArchitecture(model));
        var copy = EmbeddingModelCheckpoint.Load(source, model.Head.weight!.device).Model;
        var mask = ones(1, copy.Head.weight!.shape[1]);
        if (prunedChannels.Count > 0) mask.index_fill_(1, tensor(prunedChannels.Select(i => (long)i).ToArray()), 0);
        var objective = new MaskedHeadObjective(ObjectiveFactory.Create(TrainingMethod.Clean, copy, cleanImages, options), copy, mask, prunedChannels.Count);
        string run = Path.Combine(workFolder, "run");
        if (Directory.Exists(run)) Directory.Delete(run, recursive: true);
        Trainer.Train(new TrainRequest
        {
            Model = copy,
            Objective = objective,
            TrainImages = cleanImages,
            OutputFolder = run,
            Options = options,
            DatasetName = "fine-pruning (clean images)",
        });
        using (no_grad()) copy.Head.weight!.mul_(mask);
        copy.eval();
        return copy;
    }

    // Re-applies the mask before every step's forward pass, so the pruned channels never contribute while the rest of
    // the network adapts (TorchSharp offers no gradient hooks on parameters).
    private sealed class MaskedHeadObjective(ITrainingObjective inner, EmbeddingModel model, Tensor mask, int pruned) : ITrainingObjective
    {
        public string Method => inner.Method;

        public IReadOnlyDictionary<string, string> Hyperparameters =>
            new Dictionary<string, string>(inner.Hyperparameters) { ["prunedChannels"] = pruned.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        public IReadOnlyList<IImageVariant> Variants => inner.Variants;

        public Tensor Loss(TrainingBatch batch)
        {
            using (no_grad()) model.Head.weight!.mul_(mask);
            return inner.Loss(batch);
        }
    }
}
