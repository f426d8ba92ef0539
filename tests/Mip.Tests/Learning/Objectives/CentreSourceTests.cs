using Mip.Data;
using Mip.Data.Synthetic;
using Mip.Learning.Objectives;
using Mip.Learning.Training;
using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Tests.Learning.Objectives;

public sealed class CentreSourceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Centres_follow_the_model_only_when_asked(bool recompute)
    {
        using var dir = new TempDir();
        string root = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 4, ImagesPerClass = 3, ImageSize = 40 });
        var records = DatasetReaders.Open(root).Train.Images;
        using var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = 64, EmbeddingSize = 16, Seed = 1 });
        var source = new CentreSource(model, records, recompute);
        var before = source.Current.Centres.clone();
        using (no_grad()) model.Head.weight!.mul_(-1);

        source.OnEpochStart(1, cache: null);
        Assert.True(source.Current.Centres.allclose(before), "epoch 1 must use the initial model's centres");
        source.OnEpochStart(2, cache: null);
        Assert.Equal(!recompute, source.Current.Centres.allclose(before));
    }

    [Fact]
    public void Recomputed_centres_start_from_the_trainers_cache_when_it_has_one()
    {
        using var dir = new TempDir();
        string root = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 4, ImagesPerClass = 3, ImageSize = 40 });
        var records = DatasetReaders.Open(root).Train.Images;
        using var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = 64, EmbeddingSize = 16, Seed = 1 });
        model.FreezeStages(2);
        using var cache = new FeatureCache(model, ScalarType.Float32);
        cache.Add(new TrainingImages(records, model.InputSize), CleanImageVariant.Instance);
        var source = new CentreSource(model, records, recomputeEachEpoch: true);
        var initial = source.Current.Centres.clone();
        // Changing a frozen stage afterwards changes what the whole network computes, but not the cached features.
        using (no_grad()) model.Backbone.StageParameters(0).First().mul_(0.5);

        source.OnEpochStart(2, cache);
        Assert.True(source.Current.Centres.allclose(initial, rtol: 0, atol: 1e-5), "centres from the cache");
        source.OnEpochStart(3, cache: null);
        Assert.False(source.Current.Centres.allclose(initial, rtol: 0, atol: 1e-3), "centres from the whole network");
    }
}
