using Mip.Checkpoints;
using Mip.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Tests.Checkpoints;

public class CheckpointFileTests
{
    public CheckpointFileTests() => TorchRuntime.EnsureLoaded();

    private static CheckpointMetadata Meta(int embedding = 3) => new()
    {
        Backbone = "test-linear",
        EmbeddingSize = embedding,
        InputSize = 4,
        Method = "clean",
        Hyperparameters = new Dictionary<string, string> { ["lr"] = "1e-05", ["margin"] = "0.2" },
        Dataset = "fixture",
        Trigger = "stego-v1",
        Epoch = 7,
    };

    private static nn.Module<Tensor, Tensor> Model(int outputs, long seed)
    {
        manual_seed(seed);
        return nn.Sequential(("fc", nn.Linear(4, outputs)), ("bn", nn.BatchNorm1d(outputs)));
    }

    [Fact]
    public void RoundTripRestoresWeightsBuffersMetadataAndSections()
    {
        using var dir = new TempDir();
        string path = dir.File("model.mipckpt");
        var saved = Model(3, 1);
        using (no_grad()) saved.named_buffers().First(b => b.name.EndsWith("running_mean")).buffer.add_(0.5);
        CheckpointFile.Save(path, saved, Meta(), new Dictionary<string, byte[]> { ["optimizer"] = [1, 2, 3] });

        var checkpoint = CheckpointFile.Read(path);
        var restored = Model(3, 2);
        checkpoint.LoadInto(restored);

        var expected = saved.state_dict();
        var actual = restored.state_dict();
        Assert.Equal(expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
        foreach (var key in expected.Keys) Assert.True(expected[key].allclose(actual[key], rtol: 0, atol: 0), key);
        Assert.Equal(Meta().Hyperparameters, checkpoint.Metadata.Hyperparameters);
        Assert.Equal("stego-v1", checkpoint.Metadata.Trigger);
        Assert.Equal(7, checkpoint.Metadata.Epoch);
        Assert.Equal(CheckpointFile.CurrentProjectVersion, checkpoint.Metadata.ProjectVersion);
        Assert.Equal(new byte[] { 1, 2, 3 }, checkpoint.Sections["optimizer"]);
    }

    [Fact]
    public void TruncatedFileIsReportedNotLoaded()
    {
        using var dir = new TempDir();
        string path = dir.File("model.mipckpt");
        CheckpointFile.Save(path, Model(3, 1), Meta());
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void FlippedByteFailsTheChecksum()
    {
        using var dir = new TempDir();
        string path = dir.File("model.mipckpt");
        CheckpointFile.Save(path, Model(3, 1), Meta());
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length - 100] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Read(path));
        Assert.Contains("checksum", e.Message);
    }

    [Fact]
    public void ForeignFileIsNamedAsNotACheckpoint()
    {
        using var dir = new TempDir();
        string path = dir.File("weights.pth");
        File.WriteAllBytes(path, [0x80, 0x02, 0x63, 0x6f, 0x6c, 0x6c, 0x65, 0x63, 0x74, 0x69, 0x6f, 0x6e, 0x73]);

        var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Read(path));
        Assert.Contains("weights.pth", e.Message);
        Assert.Contains("not a MIP checkpoint", e.Message);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var e = Assert.Throws<CheckpointException>(() => CheckpointFile.Read("/no/such/model.mipckpt"));
        Assert.Contains("/no/such/model.mipckpt", e.Message);
    }

    [Fact]
    public void MismatchedArchitectureIsAClearError()
    {
        using var dir = new TempDir();
        string path = dir.File("model.mipckpt");
        CheckpointFile.Save(path, Model(3, 1), Meta());
        var checkpoint = CheckpointFile.Read(path);

        var wider = Model(5, 2);
        var before = wider.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var e = Assert.Throws<CheckpointException>(() => checkpoint.LoadInto(wider));
        Assert.Contains("does not fit", e.Message);
    }

    [Fact]
    public void SavingOverAnExistingFileIsAtomic()
    {
        using var dir = new TempDir();
        string path = dir.File("model.mipckpt");
        CheckpointFile.Save(path, Model(3, 1), Meta());
        CheckpointFile.Save(path, Model(3, 2), Meta() with { Epoch = 8 });
        Assert.Equal(8, CheckpointFile.ReadMetadata(path).Epoch);
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
