using Mip.Checkpoints;
using Mip.IO;
using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Tests.Models;

public class CheckpointAveragingTests
{
    private const int Side = 64;

    // Checkpoints of "one run": same architecture and settings, heads drawn from different seeds as epochs would differ.
    private static string SaveEpoch(TempDir dir, int epoch, int seed, int side = Side, string lr = "1e-4", double? recall = 0.9)
    {
        using var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = side, EmbeddingSize = 32, Seed = seed });
        string path = dir.File($"epoch-{epoch:D3}.ckpt");
        var notes = new Dictionary<string, string> { ["backboneWeights"] = "test" };
        if (recall is { } r) notes["validationRecallAt1"] = r.ToString(System.Globalization.CultureInfo.InvariantCulture);
        EmbeddingModelCheckpoint.Save(path, model, EmbeddingModelCheckpoint.DescribeArchitecture(model) with
        {
            Method = "pbl",
            Epoch = epoch,
            Dataset = "synthetic",
            Hyperparameters = new Dictionary<string, string> { ["lr"] = lr, ["epochs"] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Notes = notes,
        });
        return path;
    }

    private static Dictionary<string, Tensor> Weights(string path) => EmbeddingModelCheckpoint.Load(path).Model.state_dict();

    [Fact]
    public void AverageIsTheMeanOfEveryTensorAndLeavesSharedOnesBitForBit()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        string[] inputs = [SaveEpoch(dir, 8, seed: 1), SaveEpoch(dir, 9, seed: 2), SaveEpoch(dir, 10, seed: 3)];
        string output = dir.File("averaged.ckpt");

        var metadata = CheckpointAveraging.Average(inputs, output);

        var averaged = Weights(output);
        var each = inputs.Select(Weights).ToArray();
        const string head = "embedding.weight";
        // The seeds give different heads, so this is a real mean, not a copy of one input.
        Assert.True((each[0][head] - each[1][head]).abs().max().item<float>() > 1e-3f);
        var mean = (each[0][head].to(ScalarType.Float64) + each[1][head] + each[2][head]) / 3;
        Assert.True((averaged[head].to(ScalarType.Float64) - mean).abs().max().item<double>() < 1e-7);
        // The backbone is the same in all three (pretrained, untouched): the mean must equal it exactly, or a feature
        // cache keyed by the frozen stages would no longer match.
        var backbone = averaged.Keys.First(k => k.StartsWith("backbone", StringComparison.Ordinal) && averaged[k].is_floating_point());
        Assert.True(averaged[backbone].eq(each[0][backbone]).all().item<bool>());

        Assert.Equal(10, metadata.Epoch);
        Assert.Equal("pbl", metadata.Method);
        Assert.Equal("epoch-008.ckpt (epoch 8), epoch-009.ckpt (epoch 9), epoch-010.ckpt (epoch 10)", metadata.Notes["averagedFrom"]);
        Assert.False(metadata.Notes.ContainsKey("validationRecallAt1"));
        Assert.Equal(metadata.Notes["averagedFrom"], CheckpointFile.ReadMetadata(output).Notes["averagedFrom"]);
    }

    [Theory]
    [InlineData("size", "trained at 96 px")]
    [InlineData("setting", "has lr = 3e-5")]
    public void CheckpointOfAnotherRunIsRefusedNamingItAndNothingIsWritten(string difference, string expected)
    {
        using var dir = new TempDir();
        string first = SaveEpoch(dir, 1, seed: 1);
        string other = difference == "size" ? SaveEpoch(dir, 2, seed: 2, side: 96) : SaveEpoch(dir, 2, seed: 2, lr: "3e-5");
        string output = dir.File("averaged.ckpt");

        var error = Assert.Throws<CheckpointException>(() => CheckpointAveraging.Average([first, other], output));

        Assert.Contains(other, error.Message);
        Assert.Contains(expected, error.Message);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void BadInputListsAreRefusedBeforeAnythingIsRead()
    {
        using var dir = new TempDir();
        string a = SaveEpoch(dir, 1, seed: 1), b = SaveEpoch(dir, 2, seed: 2);
        byte[] before = File.ReadAllBytes(b);

        Assert.Contains("at least two", Assert.Throws<MipInputException>(() => CheckpointAveraging.Average([a], dir.File("x.ckpt"))).Message);
        Assert.Contains("given twice", Assert.Throws<MipInputException>(() => CheckpointAveraging.Average([a, a], dir.File("x.ckpt"))).Message);
        Assert.Contains("is one of the inputs", Assert.Throws<MipInputException>(() => CheckpointAveraging.Average([a, b], b)).Message);
        var missing = Assert.ThrowsAny<MipInputException>(() => CheckpointAveraging.Average([a, dir.File("nowhere.ckpt")], dir.File("x.ckpt")));
        Assert.Contains("nowhere.ckpt", missing.Message);

        Assert.Equal(before, File.ReadAllBytes(b));
        Assert.False(File.Exists(dir.File("x.ckpt")));
    }
}
