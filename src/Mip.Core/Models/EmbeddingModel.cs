using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>
/// The retrieval network: backbone preprocessing, backbone, global average pooling, a linear layer to
/// <see cref="EmbeddingSize"/> and L2 normalisation, so embeddings are unit vectors compared by dot product.
/// Input: float RGB [N, 3, H, W] in [0, 1] (normally H = W = <see cref="InputSize"/>). All batch norms are frozen
/// (<see cref="FrozenBatchNorm2d"/>): statistics fixed, affine parameters trainable, in training mode too.
/// <para>
/// A prefix of the backbone's stages can be frozen (<see cref="FreezeStages"/>). Its output does not change during
/// training, so a trainer may compute it once with <see cref="ForwardFrozenPrefix"/>, cache it, and train on
/// <see cref="ForwardFromCache"/>; <c>forward(x)</c> equals <c>ForwardFromCache(ForwardFrozenPrefix(x))</c>.
/// </para>
/// </summary>
public sealed class EmbeddingModel : nn.Module<Tensor, Tensor>
{
    private Backbone backbone;
    private Linear embedding;

    /// <summary>
    /// Wraps <paramref name="backbone"/> with a new embedding head initialised like <c>nn.Linear</c> from
    /// <paramref name="seed"/>. Use <see cref="EmbeddingModelFactory"/> to build one from options.
    /// </summary>
    public EmbeddingModel(Backbone backbone, int embeddingSize, int inputSize, int seed, bool isBackbonePretrained, string backboneWeightsSource)
        : base(nameof(EmbeddingModel))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, EmbeddingModelOptions.MinInputSize);
        this.backbone = backbone;
        embedding = nn.Linear(backbone.FeatureChannels, embeddingSize);
        using (var generator = new Generator(HeadSeed(seed)))
            WeightInit.LinearDefault(embedding.weight, embedding.bias, generator);
        EmbeddingSize = embeddingSize;
        InputSize = inputSize;
        IsBackbonePretrained = isBackbonePretrained;
        BackboneWeightsSource = backboneWeightsSource;
        RegisterComponents();
    }

    /// <summary>The feature extractor.</summary>
    public Backbone Backbone => backbone;

    /// <summary>The linear layer from pooled features to the embedding.</summary>
    public Linear Head => embedding;

    /// <summary>Length of the embedding.</summary>
    public int EmbeddingSize { get; }

    /// <summary>Side of the square input the model was configured for.</summary>
    public int InputSize { get; }

    /// <summary>False when the backbone starts from random weights (no weights file was given for it): a warning sign for training.</summary>
    public bool IsBackbonePretrained { get; }

    /// <summary>Where the backbone's weights came from, for logs (a file path, or the random seed).</summary>
    public string BackboneWeightsSource { get; }

    /// <summary>Number of leading backbone stages (stem = stage 0) whose parameters are frozen.</summary>
    public int FrozenStageCount { get; private set; }

    /// <summary>
    /// Freezes the first <paramref name="stageCount"/> backbone stages (<see cref="Backbone.StageNames"/>; 0 = none,
    /// 1 = stem, 2 = stem and the first block stage, ...) and unfreezes the rest: frozen parameters stop requiring
    /// gradients. The head always stays trainable.
    /// </summary>
    public void FreezeStages(int stageCount)
    {
        if (stageCount < 0 || stageCount > backbone.StageCount)
            throw new ArgumentOutOfRangeException(nameof(stageCount), $"Can freeze 0 to {backbone.StageCount} stages, not {stageCount}.");
        for (int stage = 0; stage < backbone.StageCount; stage++)
            foreach (var parameter in backbone.StageParameters(stage))
                parameter.requires_grad = stage >= stageCount;
        FrozenStageCount = stageCount;
    }

    /// <summary>
    /// SHA-256 (hex, 20 characters) of the frozen stages' parameters and buffers: what a cached prefix output depends on
    /// besides the image, so two models share cached features exactly when their frozen prefixes are equal.
    /// </summary>
    public string FrozenPrefixDigest()
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{backbone.Kind};{InputSize};{FrozenStageCount}"));
        for (int stage = 0; stage < FrozenStageCount; stage++)
        {
            foreach (var tensor in backbone.StageParameters(stage).Cast<Tensor>().Concat(backbone.StageBuffers(stage)))
            {
                using var values = tensor.detach().to(ScalarType.Float32).cpu().contiguous();
                sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.data<float>().ToArray().AsSpan()));
            }
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..20].ToLowerInvariant();
    }

    /// <summary>The parameters that currently require gradients (what an optimiser should update).</summary>
    public IEnumerable<Parameter> TrainableParameters() => parameters().Where(p => p.requires_grad);

    /// <summary>
    /// Preprocesses <paramref name="rgb01"/> and runs the frozen stages, without recording gradients: the value to
    /// cache for <see cref="ForwardFromCache"/>. With no frozen stage it is the preprocessed input.
    /// </summary>
    public Tensor ForwardFrozenPrefix(Tensor rgb01)
    {
        using var _ = no_grad();
        return RunFrozenPrefix(rgb01);
    }

    /// <summary>Runs the trainable rest of the network (remaining stages, pooling, head, normalisation) on a cached prefix output.</summary>
    public Tensor ForwardFromCache(Tensor prefixOutput)
    {
        using var scope = NewDisposeScope();
        Tensor features = backbone.ForwardStages(prefixOutput, FrozenStageCount, backbone.StageCount);
        return Embed(features).MoveToOuterDisposeScope();
    }

    /// <summary>Pools a final feature map [N, C, h, w] and maps it to unit-length embeddings [N, EmbeddingSize].</summary>
    public Tensor Embed(Tensor featureMap)
    {
        using var scope = NewDisposeScope();
        Tensor pooled = featureMap.mean([2, 3]);
        return nn.functional.normalize(embedding.call(pooled), p: 2, dim: 1).MoveToOuterDisposeScope();
    }

    /// <summary>Embeds a batch of RGB images in [0, 1]; gradients flow to the input and the unfrozen parameters.</summary>
    public override Tensor forward(Tensor rgb01)
    {
        using var scope = NewDisposeScope();
        return ForwardFromCache(RunFrozenPrefix(rgb01)).MoveToOuterDisposeScope();
    }

    private Tensor RunFrozenPrefix(Tensor rgb01)
    {
        using var scope = NewDisposeScope();
        Tensor x = backbone.Preprocess(rgb01);
        return backbone.ForwardStages(x, 0, FrozenStageCount).MoveToOuterDisposeScope();
    }

    // The head gets its own stream so its initial weights do not depend on how many numbers the backbone drew.
    private static ulong HeadSeed(int seed) => unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + 0x5EEDUL);
}
