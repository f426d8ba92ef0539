using System.Diagnostics;
using Mip.IO;
using Mip.Models;
using Mip.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Mip.Tests.Models;

public class EmbeddingModelTests(ITestOutputHelper output)
{
    private const int SmallInput = 64;

    [Fact]
    public void DefaultModelGivesUnitLengthEmbeddings()
    {
        using var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = SmallInput, EmbeddingSize = 128 });
        Assert.Equal(BackboneKind.ResNet18Cntk, model.Backbone.Kind);
        Assert.True(model.IsBackbonePretrained);
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();

        Tensor embeddings = model.forward(TwoImages());

        Assert.Equal(new long[] { 2, 128 }, embeddings.shape);
        float[] norms = embeddings.norm(1).data<float>().ToArray();
        Assert.All(norms, n => Assert.Equal(1f, n, 1e-5f));
        // Different images must not collapse onto one embedding.
        Assert.True((embeddings[0] - embeddings[1]).abs().max().item<float>() > 1e-3f);
    }

    [Fact]
    public void RandomInitialisationIsSeeded()
    {
        TorchRuntime.EnsureLoaded();
        using var a = RandomResNet18Model(seed: 5);
        using var b = RandomResNet18Model(seed: 5);
        using var c = RandomResNet18Model(seed: 6);
        Assert.True(TorchvisionBackboneTests.SameValues(a.Head.weight!, b.Head.weight!));
        Assert.True(TorchvisionBackboneTests.SameValues(a.Head.bias!, b.Head.bias!));
        Assert.False(TorchvisionBackboneTests.SameValues(a.Head.weight!, c.Head.weight!));
        var stemA = a.Backbone.StageParameters(0).First();
        Assert.True(TorchvisionBackboneTests.SameValues(stemA, b.Backbone.StageParameters(0).First()));
        Assert.False(TorchvisionBackboneTests.SameValues(stemA, c.Backbone.StageParameters(0).First()));
        float bound = 1f / MathF.Sqrt(512);
        Assert.True(a.Head.weight!.abs().max().item<float>() <= bound);
    }

    [Fact]
    public void BatchNormStatisticsStayFixedWhileAffineParametersTrain()
    {
        using var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = SmallInput });
        var norms = model.modules().OfType<FrozenBatchNorm2d>().ToList();
        Assert.Equal(22, norms.Count);
        var means = norms.Select(n => n.RunningMean.clone()).ToList();
        var variances = norms.Select(n => n.RunningVariance.clone()).ToList();
        var scales = norms.Select(n => n.Scale.detach().clone()).ToList();
        Assert.All(norms, n => Assert.True(n.Scale.requires_grad && n.Shift.requires_grad));

        using var x = TwoImages();
        model.eval();
        using (no_grad())
        {
            using var evalOutput = model.forward(x);
            model.train();
            using var trainOutput = model.forward(x);
            Assert.True(TorchvisionBackboneTests.AlmostSame(evalOutput, trainOutput), "training mode must normalise with the stored statistics");
        }

        Assert.True(model.training);
        using var optimizer = optim.SGD(model.TrainableParameters(), 0.5);
        using (var scope = NewDisposeScope())
        {
            Tensor e = model.forward(x);
            Tensor loss = (e[0] * e[1]).sum();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }

        for (int i = 0; i < norms.Count; i++)
        {
            Assert.True(TorchvisionBackboneTests.SameValues(means[i], norms[i].RunningMean), $"running mean of batch norm {i} changed");
            Assert.True(TorchvisionBackboneTests.SameValues(variances[i], norms[i].RunningVariance), $"running variance of batch norm {i} changed");
        }
        int changed = Enumerable.Range(0, norms.Count).Count(i => !TorchvisionBackboneTests.SameValues(scales[i], norms[i].Scale.detach()));
        Assert.True(changed >= norms.Count - 2, $"only {changed} of {norms.Count} batch-norm scales were trained");
    }

    [Fact]
    public void CachedFrozenPrefixGivesTheSameEmbeddingsAsTheFullForward()
    {
        using var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = SmallInput });
        model.FreezeStages(2);
        Assert.Equal(2, model.FrozenStageCount);
        Assert.All(model.Backbone.StageParameters(0).Concat(model.Backbone.StageParameters(1)), p => Assert.False(p.requires_grad));
        Assert.All(model.Backbone.StageParameters(2), p => Assert.True(p.requires_grad));
        Assert.True(model.Head.weight!.requires_grad);

        using var scope = NewDisposeScope();
        Tensor x = TwoImages().requires_grad_(true);
        Tensor full = model.forward(x);
        Tensor cache = model.ForwardFrozenPrefix(x);
        Assert.Equal(new long[] { 2, 64, 16, 16 }, cache.shape);
        Assert.False(cache.requires_grad);
        Tensor fromCache = model.ForwardFromCache(cache);

        float diff = (full - fromCache).abs().max().item<float>();
        output.WriteLine($"max |forward - ForwardFromCache(ForwardFrozenPrefix)| = {diff:E3}");
        Assert.True(diff <= 1e-6f, $"cached path differs by {diff}");

        full.sum().backward();
        Assert.NotNull(x.grad);
        Assert.All(model.Backbone.StageParameters(0), p => Assert.Null(p.grad));
        Assert.Contains(model.Backbone.StageParameters(2), p => p.grad is not null);

        model.FreezeStages(0);
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.FreezeStages(model.Backbone.StageCount + 1));
    }

    [Fact]
    public void MovingTheModelReplacesEveryParameterAndBuffer()
    {
        // Converting to float64 goes through the same field replacement as moving to a CUDA device, which this
        // machine cannot test: a stale field (a batch-norm statistic, the mean image) would break the forward pass.
        TorchRuntime.EnsureLoaded();
        using var model = RandomResNet18Model(seed: 1);
        model.to(ScalarType.Float64);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.Equal(ScalarType.Float64, ((CntkResNet18)model.Backbone).MeanImage.dtype);
        Assert.All(model.modules().OfType<FrozenBatchNorm2d>(), n => Assert.Equal(ScalarType.Float64, n.RunningMean.dtype));
        using var scope = NewDisposeScope();
        Tensor e = model.forward(TwoImages().to(ScalarType.Float64));
        Assert.Equal(ScalarType.Float64, e.dtype);
        e.sum().backward();
        Assert.NotNull(model.Head.weight!.grad);
        Assert.NotNull(model.Backbone.StageParameters(0).First().grad);
    }

    [Fact]
    public void ResNet18EmbedsABatchAt224()
    {
        using var model = EmbeddingModelFactory.Create(new EmbeddingModelOptions());
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Tensor batch = rand(16, 3, 224, 224);
        model.forward(batch[..2]); // warm-up
        Tensor embeddings = model.forward(batch);
        Assert.Equal(new long[] { 16, 512 }, embeddings.shape);
        Assert.True(allclose(embeddings.norm(1), ones(16), rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void NonNativeInputSizeResizesTheMeanImage()
    {
        TorchRuntime.EnsureLoaded();
        using var backbone = CntkResNet18Import.LoadDefault();
        using var scope = NewDisposeScope();
        Tensor grey = full(1, 3, 112, 112, 0.5f);
        Tensor result = backbone.Preprocess(grey);
        Assert.Equal(new long[] { 1, 3, 112, 112 }, result.shape);
        // 0.5 * 255 minus the (resized) mean image: per-channel averages are kept by area-weighted resizing.
        Tensor expected = backbone.MeanImage.mean([0, 2, 3]).neg().add(127.5f);
        Tensor actual = result.mean([0, 2, 3]);
        Assert.True((expected - actual).abs().max().item<float>() < 0.05f);
        // The channel order is reversed: blue first.
        Tensor blueOnly = zeros(1, 3, 224, 224);
        blueOnly[0, 2].fill_(1f);
        Tensor mapped = backbone.Preprocess(blueOnly) + backbone.MeanImage;
        Assert.Equal(255f, mapped[0, 0].mean().item<float>(), 1e-3f);
        Assert.Equal(0f, mapped[0, 2].abs().max().item<float>(), 1e-3f);
    }

    [Fact]
    public void InvalidOptionsAndMissingWeightsAreInputErrors()
    {
        Assert.Throws<MipInputException>(() => EmbeddingModelFactory.Create(new EmbeddingModelOptions { EmbeddingSize = 0 }));
        var small = Assert.Throws<MipInputException>(() => EmbeddingModelFactory.Create(new EmbeddingModelOptions { InputSize = 16 }));
        Assert.Contains("16", small.Message);

        using var dir = new TempDir();
        string weights = dir.File("resnet50.pth");
        var e = Assert.Throws<WeightsFileException>(() =>
            EmbeddingModelFactory.Create(new EmbeddingModelOptions { Backbone = BackboneKind.ResNet50, WeightsPath = weights }));
        Assert.Contains(weights, e.Message);

        string onnx = dir.File("ResNet18.onnx");
        var e2 = Assert.Throws<MipInputException>(() => EmbeddingModelFactory.Create(new EmbeddingModelOptions { WeightsPath = onnx }));
        Assert.Contains(dir.Path, e2.Message);
    }

    [Fact]
    public void WrongOnnxGraphIsRejectedNamingTheFile()
    {
        TorchRuntime.EnsureLoaded();
        var e = Assert.Throws<Mip.Models.Onnx.OnnxFormatException>(() =>
            CntkResNet18Import.Load(PretrainedFiles.ResNetPreprocessOnnx, PretrainedFiles.ResNetPreprocessOnnx));
        Assert.Contains(PretrainedFiles.ResNetPreprocessOnnx, e.Message);
    }

    [Theory]
    [InlineData(3, 2, 3, 2, 224)]
    [InlineData(3, 2, 3, 2, 225)]
    [InlineData(3, 2, 1, 0, 57)]
    [InlineData(3, 2, 1, 0, 56)]
    public void PaddedConvolutionEqualsExplicitAsymmetricPadding(int kernel, int stride, int padBegin, int padEnd, int size)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var conv = new PaddedConv2d(2, 3, kernel, stride, padBegin, padEnd);
        using (no_grad()) conv.Weight.copy_(randn(3, 2, kernel, kernel));
        Tensor x = randn(1, 2, size, size);
        Tensor expected = nn.functional.conv2d(nn.functional.pad(x, [padBegin, padEnd, padBegin, padEnd]), conv.Weight, strides: [stride, stride]);
        Tensor actual = conv.forward(x);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(TorchvisionBackboneTests.AlmostSame(expected, actual));
    }

    private static EmbeddingModel RandomResNet18Model(int seed)
    {
        using var generator = new Generator((ulong)seed);
        return new EmbeddingModel(new CntkResNet18(generator), 512, SmallInput, seed, isBackbonePretrained: false, "test");
    }

    private static Tensor TwoImages() => cat([NaturalImage.Rgb01(SmallInput, seed: 1), NaturalImage.Rgb01(SmallInput, seed: 2)], 0);
}
