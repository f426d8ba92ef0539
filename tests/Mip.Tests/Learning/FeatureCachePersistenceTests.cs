using Mip.Data;
using Mip.Data.Synthetic;
using Mip.Learning.Training;
using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Tests.Learning;

public sealed class FeatureCachePersistenceTests
{
    private static EmbeddingModel NewModel(int seed = 4)
    {
        var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = 64, EmbeddingSize = 16, Seed = seed });
        model.FreezeStages(3);
        return model;
    }

    [Fact]
    public void Features_written_by_one_cache_are_read_back_exactly_by_the_next()
    {
        using var dir = new TempDir();
        string root = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 3, ImagesPerClass = 3, ImageSize = 40 });
        var images = new TrainingImages(DatasetReaders.Open(root).Train.Images, 64);
        using var model = NewModel();
        using var first = new FeatureCache(model, ScalarType.Float32);
        Assert.False(first.AddPersisted(images, CleanImageVariant.Instance, dir.File("cache")));
        using var second = new FeatureCache(model, ScalarType.Float32);
        Assert.True(second.AddPersisted(images, CleanImageVariant.Instance, dir.File("cache")));
        var ids = images.Records.Select(r => r.Id).ToArray();
        Assert.True(first.Gather(ids, "clean").allclose(second.Gather(ids, "clean"), rtol: 0, atol: 0));
    }

    [Fact]
    public void A_model_with_different_frozen_weights_does_not_reuse_the_features()
    {
        using var dir = new TempDir();
        string root = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 2, ImagesPerClass = 2, ImageSize = 40 });
        var images = new TrainingImages(DatasetReaders.Open(root).Train.Images, 64);
        using var model = NewModel();
        using (var cache = new FeatureCache(model)) cache.AddPersisted(images, CleanImageVariant.Instance, dir.File("cache"));
        using (no_grad()) model.Backbone.StageParameters(1).First().add_(0.01f);
        Assert.NotEqual(NewModel().FrozenPrefixDigest(), model.FrozenPrefixDigest());
        using var changed = new FeatureCache(model);
        Assert.False(changed.AddPersisted(images, CleanImageVariant.Instance, dir.File("cache")));
        // A head with another seed leaves the frozen prefix, and so the cached features, shared.
        using var otherHead = NewModel(seed: 99);
        Assert.Equal(NewModel().FrozenPrefixDigest(), otherHead.FrozenPrefixDigest());
    }

    [Fact]
    public void A_damaged_cache_file_is_recomputed_not_trusted()
    {
        using var dir = new TempDir();
        string root = SyntheticObjectsGenerator.Generate(dir.File("data"), new SyntheticObjectsOptions { Classes = 2, ImagesPerClass = 2, ImageSize = 40 });
        var images = new TrainingImages(DatasetReaders.Open(root).Train.Images, 64);
        using var model = NewModel();
        using (var cache = new FeatureCache(model)) cache.AddPersisted(images, CleanImageVariant.Instance, dir.File("cache"));
        string file = Directory.GetFiles(dir.File("cache")).Single();
        var bytes = File.ReadAllBytes(file);
        for (int i = 20; i < 60; i++) bytes[i] = 0xFF;
        File.WriteAllBytes(file, bytes);
        using var again = new FeatureCache(model);
        Assert.False(again.AddPersisted(images, CleanImageVariant.Instance, dir.File("cache")));
        Assert.Equal(images.Count, again.Count);
    }
}
