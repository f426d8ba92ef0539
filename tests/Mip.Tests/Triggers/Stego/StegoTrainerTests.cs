using Mip.Checkpoints;
using Mip.Images;
using Mip.Runtime;
using Mip.Triggers.Stego;

namespace Mip.Tests.Triggers.Stego;

public class StegoTrainerTests
{
    [Fact]
    public void AFewStepsTrainSaveAndLoadBack()
    {
        var images = Enumerable.Range(0, 6).Select(i => Mip.Tests.Images.ImageFixtures.Noise(48, 40, i)).ToList();
        images.Add(Mip.Tests.Images.ImageFixtures.SmoothScene(64, 64));
        var options = new StegoTrainingOptions { MaxSteps = 3, BatchSize = 2, CropSize = 32, ValidateEvery = 2, TimeBudget = TimeSpan.FromMinutes(5) };
        var progress = new List<StegoTrainingProgress>();
        StegoTrainingResult result = new StegoTrainer(options).Train(images, [images[^1]], new Collector(progress));

        Assert.Equal(3, result.Steps);
        Assert.NotEmpty(progress);
        Assert.All(result.Log, row => Assert.True(double.IsFinite(row.Loss) && double.IsFinite(row.BitLoss)));
        Assert.NotNull(result.FinalValidation);
        Assert.Equal(1, result.FinalValidation!.Images);

        using var dir = new TempDir();
        var metadata = new CheckpointMetadata { Backbone = "ignored", EmbeddingSize = 0, InputSize = 32, Method = StegoModel.CheckpointMethod };
        StegoModel.Save(result.Network, dir.File("s.mipckpt"), metadata);
        using StegoModel loaded = StegoModel.Load(dir.File("s.mipckpt"));
        Assert.Equal(StegoModel.DigestOf(result.Network), loaded.Digest);
        Assert.Equal(StegoArchitecture.Name, loaded.Metadata!.Backbone);
        RgbImage image = Mip.Tests.Images.ImageFixtures.SmoothScene(50, 30);
        bool[] bits = SecretCodec.Encode("x");
        Assert.Equal(StegoModel.Protect(result.Network, ImageTensors.ToTensor(image).unsqueeze(0), bits, 36).data<float>().ToArray(),
            loaded.Protect(ImageTensors.ToTensor(image).unsqueeze(0), bits, 36).data<float>().ToArray());
    }

    [Fact]
    public void OtherCheckpointsAreRefusedWithTheFileNamed()
    {
        TorchRuntime.EnsureLoaded();
        using var dir = new TempDir();
        using var module = TorchSharp.torch.nn.Linear(2, 2);
        CheckpointFile.Save(dir.File("other.mipckpt"), module, new CheckpointMetadata { Backbone = "resnet50", EmbeddingSize = 512, InputSize = 224 });
        var e = Assert.Throws<CheckpointException>(() => StegoModel.Load(dir.File("other.mipckpt")));
        Assert.Contains("other.mipckpt", e.Message);
        Assert.Contains("resnet50", e.Message);
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new StegoTrainer(new StegoTrainingOptions { CropSize = 40 }));
        Assert.Throws<ArgumentException>(() => new StegoTrainer(new StegoTrainingOptions { FinalPsnrLow = 40, FinalPsnrHigh = 30 }));
        Assert.Throws<ArgumentException>(() => new StegoNetwork(StegoArchitecture.Default with { DecoderChannels = 24 }));
        Assert.Throws<ArgumentException>(() => new StegoTrainer(new StegoTrainingOptions()).Train([Mip.Tests.Images.ImageFixtures.Noise(20, 20, 1)], []));
    }

    private sealed class Collector(List<StegoTrainingProgress> rows) : IProgress<StegoTrainingProgress>
    {
        public void Report(StegoTrainingProgress value) => rows.Add(value);
    }
}
