using Mip.Data;
using Mip.Data.Synthetic;
using Mip.Learning.Objectives;
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

        source.OnEpochStart(1);
        Assert.True(source.Current.Centres.allclose(before), "epoch 1 must use the initial model's centres");
        source.OnEpochStart(2);
        Assert.Equal(!recompute, source.Current.Centres.allclose(before));
    }
}
