using Mip.Data;
using Mip.Images;
using Mip.Learning;
using Mip.Learning.Losses;
using Mip.Learning.Objectives;
using Mip.Learning.Training;
using Mip.Runtime;
using static TorchSharp.torch;

namespace Mip.Tests.Learning.Objectives;

public class AnchoredObjectiveTests
{
    public AnchoredObjectiveTests() => TorchRuntime.EnsureLoaded();

    private sealed class TableEmbedder(Tensor table) : IBatchEmbedder
    {
        public int Calls { get; private set; }

        public Tensor Embed(IReadOnlyList<int> indices, IImageVariant variant)
        {
            Calls++;
            return table.index_select(0, tensor(indices.Select(i => (long)i).ToArray()));
        }
    }

    // An inner objective with a known value that also counts the epochs it was told about.
    private sealed class ConstantObjective(double value) : ITrainingObjective, IEpochObserver
    {
        public List<int> Epochs { get; } = [];
        public string Method => "pbl";
        public IReadOnlyDictionary<string, string> Hyperparameters => new Dictionary<string, string> { ["beta"] = "1" };
        public IReadOnlyList<IImageVariant> Variants { get; } = [CleanImageVariant.Instance];
        public Tensor Loss(TrainingBatch batch) => KeptScalar.Add(KeptScalar.Multiply(batch.Embedder.Embed(batch.Indices, CleanImageVariant.Instance).sum(), 0), value);
        public void OnEpochStart(int epoch, FeatureCache? cache) => Epochs.Add(epoch);
    }

    [Fact]
    public void AnchorLossIsTheMeanSquaredDistanceOfMatchingRows()
    {
        using var a = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var b = tensor(new float[] { 0, 1, 0, 1 }, [2, 2]);
        Assert.Equal((2 + 0) / 2.0, EmbeddingAnchorLoss.Compute(a, b).item<float>(), 6);
        Assert.Equal(0, EmbeddingAnchorLoss.Compute(a, a).item<float>());
        using var wrong = zeros(3, 2);
        Assert.Throws<ArgumentException>(() => EmbeddingAnchorLoss.Compute(a, wrong));
    }

    [Fact]
    public void AddsTheWeightedAnchorTermOfTheBatchImagesToTheMethodsLossAndPullsTowardsTheTargets()
    {
        using var reference = Mip.Models.EmbeddingModelFactory.Create(new Mip.Models.EmbeddingModelOptions { InputSize = 32, EmbeddingSize = 4, Seed = 1 });
        using var dir = new TempDir();
        string data = Mip.Data.Synthetic.SyntheticObjectsGenerator.Generate(dir.File("data"), new Mip.Data.Synthetic.SyntheticObjectsOptions { Classes = 3, ImagesPerClass = 2, ImageSize = 32 });
        var records = DatasetReaders.Open(data).Train.Images;
        var images = new TrainingImages(records, 32);
        using var targets = AnchorEmbeddings.Compute(reference, images, "reference");
        Assert.Equal(images.Count, targets.Count);
        Tensor targetTable = Trainer.EmbedForEvaluation(reference, images, null, 8);

        var table = (targetTable + 0.1).requires_grad_();
        var inner = new ConstantObjective(0.25);
        var objective = new AnchoredObjective(inner, targets, weight: 3);
        int[] batchIndices = [0, 2, 2];
        var embedder = new TableEmbedder(table);
        Tensor loss = objective.Loss(new TrainingBatch(batchIndices, [0, 1, 1], embedder, new SeededRandom(1)));
        Assert.Equal(1, embedder.Calls);   // the method's objective reuses the anchor's clean pass

        // Every row is 0.1 off in each of 4 dimensions: squared distance 0.04 per row.
        Assert.Equal(0.25 + 3 * 0.04, loss.item<float>(), 4);
        loss.backward();
        var grad = table.grad!;
        Assert.True(grad[0].sum().item<float>() > 0, "the anchor must pull the embedding back towards its target");
        Assert.Equal(0, grad[1].abs().sum().item<float>());
        Assert.Equal(2 * grad[0].sum().item<float>(), grad[2].sum().item<float>(), 5);

        Assert.Equal("pbl", objective.Method);
        Assert.Equal("3", objective.Hyperparameters["anchorWeight"]);
        Assert.Equal("reference", objective.Hyperparameters["anchorTo"]);
        Assert.Equal("1", objective.Hyperparameters["beta"]);
        objective.OnEpochStart(2, null);
        Assert.Equal([2], inner.Epochs);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnchoredObjective(inner, targets, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnchoredObjective(inner, targets, double.NaN));
    }
}
