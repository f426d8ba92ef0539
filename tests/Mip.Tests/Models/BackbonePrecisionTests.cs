using Mip.Models;
using Mip.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Tests.Models;

/// <summary>
/// Whole backbones in float32 against float64 on a batch larger than one, forward and backward: LibTorch's float32 CPU
/// convolutions (oneDNN) are wrong for some channel counts (bench/conv-gradients), its float64 ones are not.
/// </summary>
public class BackbonePrecisionTests
{
    [Theory]
    [InlineData("inception")]
    [InlineData("resnet18")]
    [InlineData("resnet50")]
    public void BackboneMatchesDoublePrecisionForwardAndBackward(string backbone)
    {
        TorchRuntime.EnsureLoaded();
        using var generator = new Generator(2);
        using Backbone model = backbone switch
        {
            "inception" => new GoogLeNet(generator),
            "resnet50" => new ResNet50(generator),
            _ => new CntkResNet18(generator),
        };
        using var scope = NewDisposeScope();
        manual_seed(2);
        var input = randn(4, 3, 64, 64, requires_grad: true);
        Tensor output = model.forward(input);
        var upstream = randn_like(output);
        output.backward([upstream]);
        var inputGradient = input.grad!.detach().clone();
        var parameterGradients = model.named_parameters().Select(p => (p.name, grad: p.parameter.grad!.detach().clone())).ToList();

        model.zero_grad();
        model.to(ScalarType.Float64);
        var input64 = input.detach().to(float64).requires_grad_(true);
        Tensor output64 = model.forward(input64);
        output64.backward([upstream.to(float64)]);

        PrecisionAssert.Close(output64.detach(), output.detach(), "output", tolerance: 1e-3);
        PrecisionAssert.Close(input64.grad!, inputGradient, "input gradient", tolerance: 1e-3);
        var reference = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        foreach (var (name, grad) in parameterGradients) PrecisionAssert.Close(reference[name], grad, name + " gradient", tolerance: 1e-3);
    }
}
