using Mip.Models;
using Mip.Runtime;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Mip.Tests.Models;

public class TorchvisionBackboneTests
{
    [Fact]
    public void ResNet50HasTorchvisionKeysAndShapes()
    {
        TorchRuntime.EnsureLoaded();
        using var generator = new Generator(1);
        using var model = new ResNet50(generator);
        var expected = TorchvisionKeys.ResNet50(withClassifier: false);
        Assert.Equal(318, expected.Count);
        AssertSameKeysAndShapes(expected, model);
        Assert.Equal(new long[] { 256, 256, 3, 3 }, model.state_dict()["layer3.5.conv2.weight"].shape);
        Assert.Equal(new long[] { 2048, 1024, 1, 1 }, model.state_dict()["layer4.0.downsample.0.weight"].shape);
    }

    [Fact]
    public void GoogLeNetHasTorchvisionKeysAndShapes()
    {
        TorchRuntime.EnsureLoaded();
        using var generator = new Generator(1);
        using var model = new GoogLeNet(generator);
        var expected = TorchvisionKeys.GoogLeNet(withClassifierAndAux: false);
        Assert.Equal(342, expected.Count);
        AssertSameKeysAndShapes(expected, model);
        Assert.Equal(new long[] { 128, 32, 3, 3 }, model.state_dict()["inception4e.branch3.1.conv.weight"].shape);
    }

    [Fact]
    public void ResNet50LoadsSafetensorsWithEveryTensorInPlace()
    {
        TorchRuntime.EnsureLoaded();
        using var dir = new TempDir();
        string path = dir.File("resnet50.safetensors");
        var source = RandomStateDict(TorchvisionKeys.ResNet50(withClassifier: true), seed: 3);
        using (var stream = File.Create(path)) Safetensors.SaveStateDict(stream, source);

        using var generator = new Generator(1);
        using var model = new ResNet50(generator);
        var result = StateDictLoader.Load(model, path, model.IgnoredStateDictPrefixes);

        Assert.Equal(318, result.LoadedKeys);
        Assert.Equal(["fc.bias", "fc.weight"], result.IgnoredKeys);
        Assert.Empty(result.AbsentCounters);
        Assert.Equal(318, AssertLoaded(source, model));
        foreach (var t in source.Values) t.Dispose();
    }

    [Fact]
    public void GoogLeNetLoadsATorchSaveFileWithEveryTensorInPlace()
    {
        TorchRuntime.EnsureLoaded();
        using var dir = new TempDir();
        string path = dir.File("googlenet.pth");
        var source = RandomStateDict(TorchvisionKeys.GoogLeNet(withClassifierAndAux: true), seed: 4);
        PyTorchPickler.PickleStateDict(path, source);

        using var generator = new Generator(1);
        using var model = new GoogLeNet(generator);
        var result = StateDictLoader.Load(model, path, model.IgnoredStateDictPrefixes);

        Assert.Equal(342, result.LoadedKeys);
        Assert.Equal(22, result.IgnoredKeys.Count);
        Assert.Equal(342, AssertLoaded(source, model));
        foreach (var t in source.Values) t.Dispose();
    }

    [Fact]
    public void OldWeightFilesWithoutBatchCountersLoad()
    {
        TorchRuntime.EnsureLoaded();
        using var dir = new TempDir();
        string path = dir.File("old.safetensors");
        var shapes = TorchvisionKeys.GoogLeNet(withClassifierAndAux: false)
            .Where(kv => !kv.Key.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        var source = RandomStateDict(shapes, seed: 5);
        using (var stream = File.Create(path)) Safetensors.SaveStateDict(stream, source);

        using var generator = new Generator(1);
        using var model = new GoogLeNet(generator);
        var result = StateDictLoader.Load(model, path, model.IgnoredStateDictPrefixes);

        Assert.Equal(57, result.AbsentCounters.Count);
        Assert.Equal(285, AssertLoaded(source, model));
        foreach (var t in source.Values) t.Dispose();
    }

    [Fact]
    public void MismatchedFileIsRejectedNamingEveryProblemAndTheFile()
    {
        TorchRuntime.EnsureLoaded();
        using var dir = new TempDir();
        string path = dir.File("wrong.pth");
        using var module = nn.Sequential(nn.Conv2d(3, 4, 3, bias: false), new FrozenBatchNorm2d(4));
        var source = module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        source.Remove("0.weight");
        source["0.wieght"] = randn(4, 3, 3, 3);
        source["1.bias"] = randn(5);
        PyTorchPickler.PickleStateDict(path, source);
        Tensor before = module.state_dict()["1.weight"].clone();

        var e = Assert.Throws<WeightsFileException>(() => StateDictLoader.Load(module, path, []));

        Assert.Contains(path, e.Message);
        Assert.Contains("missing key(s): 0.weight", e.Message);
        Assert.Contains("unexpected key(s): 0.wieght", e.Message);
        Assert.Contains("1.bias is [5]", e.Message);
        Assert.True(SameValues(before, module.state_dict()["1.weight"]), "a rejected file must change nothing");
    }

    [Fact]
    public void MissingOrCorruptFilesAreInputErrorsNamingTheFile()
    {
        TorchRuntime.EnsureLoaded();
        using var dir = new TempDir();
        using var generator = new Generator(1);
        using var model = new GoogLeNet(generator);

        string missing = dir.File("absent.pth");
        var e1 = Assert.Throws<WeightsFileException>(() => StateDictLoader.Load(model, missing, []));
        Assert.Contains(missing, e1.Message);

        string garbage = dir.File("garbage.pth");
        File.WriteAllText(garbage, "this is not a zip file");
        var e2 = Assert.Throws<WeightsFileException>(() => StateDictLoader.Load(model, garbage, []));
        Assert.Contains(garbage, e2.Message);
    }

    [Theory]
    [InlineData(BackboneKind.ResNet50, 2048)]
    [InlineData(BackboneKind.InceptionV1, 1024)]
    public void SmallInputRunsThroughEveryStage(BackboneKind kind, int channels)
    {
        TorchRuntime.EnsureLoaded();
        var (backbone, pretrained, source) = EmbeddingModelFactory.CreateBackbone(new EmbeddingModelOptions { Backbone = kind, Seed = 2 });
        using var _ = backbone;
        Assert.False(pretrained);
        Assert.Contains("random", source);
        Assert.Equal(channels, backbone.FeatureChannels);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor x = backbone.Preprocess(NaturalImage.Rgb01(64, seed: 1));
        Tensor staged = x;
        for (int s = 0; s < backbone.StageCount; s++) staged = backbone.ForwardStage(s, staged);
        Tensor whole = backbone.forward(x);
        Assert.Equal(new long[] { 1, channels, 2, 2 }, whole.shape);
        // Not bitwise: CPU kernels may split reductions differently when other tests run concurrently.
        Assert.True(AlmostSame(whole, staged), $"max diff {(whole - staged).abs().max().item<float>()} of max {whole.abs().max().item<float>()}, std {whole.std().item<float>()}");
        Assert.True(whole.isfinite().all().item<bool>());
        // A random backbone behind frozen (identity) batch norms must keep activations in a usable range.
        float std = whole.std().item<float>();
        Assert.InRange(std, 1e-2f, 1e4f);
    }

    internal static bool SameValues(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.dtype == b.dtype && a.eq(b).all().item<bool>();

    /// <summary>Equal up to float rounding: max |a - b| within 1e-5 of the largest magnitude.</summary>
    internal static bool AlmostSame(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && (a - b).abs().max().item<float>() <= 1e-5 * a.abs().max().item<float>();

    private static Dictionary<string, Tensor> RandomStateDict(Dictionary<string, long[]> shapes, int seed)
    {
        using var generator = new Generator((ulong)seed);
        return shapes.ToDictionary(kv => kv.Key, kv => kv.Key.EndsWith(".num_batches_tracked", StringComparison.Ordinal)
            ? randint(1, 100_000, kv.Value, dtype: ScalarType.Int64, generator: generator)
            : randn(kv.Value, generator: generator));
    }

    private static void AssertSameKeysAndShapes(Dictionary<string, long[]> expected, nn.Module model)
    {
        var actual = model.state_dict();
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, shape) in expected)
            Assert.True(shape.SequenceEqual(actual[key].shape), $"{key}: expected [{string.Join(",", shape)}], got [{string.Join(",", actual[key].shape)}]");
    }

    /// <summary>Asserts every kept tensor of <paramref name="source"/> equals the module's; returns how many were compared.</summary>
    private static int AssertLoaded(Dictionary<string, Tensor> source, Backbone model)
    {
        var actual = model.state_dict();
        int compared = 0;
        foreach (var (key, value) in source)
        {
            if (model.IgnoredStateDictPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal))) continue;
            Assert.True(SameValues(value, actual[key]), $"{key} did not land in place");
            compared++;
        }
        return compared;
    }
}
