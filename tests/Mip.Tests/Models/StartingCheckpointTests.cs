using Mip.Checkpoints;
using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Tests.Models;

public class StartingCheckpointTests
{
    private const int Side = 64;

    [Fact]
    public void LoadedModelEmbedsLikeTheSavedOne()
    {
        using var dir = new TempDir();
        using var saved = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = Side, EmbeddingSize = 32, Seed = 1 });
        string path = dir.File("served.ckpt");
        EmbeddingModelCheckpoint.Save(path, saved, EmbeddingModelCheckpoint.DescribeArchitecture(saved) with { Method = "clean", Epoch = 7 });
        using var fresh = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = Side, EmbeddingSize = 32, Seed = 2 });
        saved.eval();
        fresh.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var images = NaturalImage.Rgb01(Side, seed: 3);
        // The heads differ by seed, so the check below can only pass if the weights were replaced.
        Assert.True((saved.forward(images) - fresh.forward(images)).abs().max().item<float>() > 1e-2f);

        var checkpoint = EmbeddingModelCheckpoint.LoadWeightsInto(fresh, path);

        Assert.Equal("clean", checkpoint.Metadata.Method);
        Assert.Equal(7, checkpoint.Metadata.Epoch);
        Assert.Equal(0f, (saved.forward(images) - fresh.forward(images)).abs().max().item<float>());
    }

    [Theory]
    [InlineData(96, 32, "trained at 64 px")]
    [InlineData(64, 16, "32-d embeddings")]
    public void OtherArchitectureIsRefusedNamingTheFileAndLeavesTheModelAsItWas(int side, int embedding, string expected)
    {
        using var dir = new TempDir();
        using var saved = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = Side, EmbeddingSize = 32, Seed = 1 });
        string path = dir.File("served.ckpt");
        EmbeddingModelCheckpoint.Save(path, saved, EmbeddingModelCheckpoint.DescribeArchitecture(saved));
        using var other = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = side, EmbeddingSize = embedding, Seed = 2 });
        using var headBefore = other.Head.weight!.clone();

        var error = Assert.Throws<CheckpointException>(() => EmbeddingModelCheckpoint.LoadWeightsInto(other, path));

        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
        Assert.Equal(0f, (other.Head.weight! - headBefore).abs().max().item<float>());
    }

    [Fact]
    public void MissingFileIsAnInputErrorNamingIt()
    {
        using var dir = new TempDir();
        using var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = Side, EmbeddingSize = 32 });
        string path = dir.File("nowhere.ckpt");
        var error = Assert.ThrowsAny<Mip.IO.MipInputException>(() => EmbeddingModelCheckpoint.LoadWeightsInto(model, path));
        Assert.Contains("nowhere.ckpt", error.Message);
    }
}
