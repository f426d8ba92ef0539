namespace Mip.Learning.Training;

/// <summary>What a <see cref="ITrainingObjective"/> gets for one step.</summary>
/// <param name="Indices">Positions of the batch's images in the training images (repeats possible: the sampler draws with replacement).</param>
/// <param name="Labels">Class label of each batch position.</param>
/// <param name="Embedder">Embeds batch images in any variant (cached or not), with gradients.</param>
/// <param name="Random">The objective's own seeded stream (mining, choosing images to poison), saved for resuming.</param>
public sealed record TrainingBatch(int[] Indices, int[] Labels, IBatchEmbedder Embedder, SeededRandom Random);
