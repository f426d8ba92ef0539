using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Models;

/// <summary>
/// Seeded weight initialisation. Every function draws from the given generator, so a model built twice with the same
/// seed is identical and building it does not disturb the global random state. (TorchSharp's <c>nn.init</c>
/// functions accept a generator but ignore it, so the tensors' own sampling methods are used.)
/// </summary>
internal static class WeightInit
{
    /// <summary>He-normal with fan-out, as torchvision initialises ResNet convolutions.</summary>
    public static void KaimingNormalFanOut(Tensor convWeight, Generator generator)
    {
        long fanOut = convWeight.shape[0] * convWeight.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        using var _ = no_grad();
        convWeight.normal_(0, Math.Sqrt(2.0 / fanOut), generator);
    }

    /// <summary>U(-1/sqrt(fan_in), 1/sqrt(fan_in)), PyTorch's default for <c>nn.Linear</c> weight and bias.</summary>
    public static void LinearDefault(Tensor weight, Tensor? bias, Generator generator)
    {
        double bound = 1.0 / Math.Sqrt(weight.shape[1]);
        using var _ = no_grad();
        weight.uniform_(-bound, bound, generator);
        bias?.uniform_(-bound, bound, generator);
    }
}
