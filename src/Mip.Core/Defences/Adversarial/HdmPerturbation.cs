using Mip.Models;
using static TorchSharp.torch;

namespace Mip.Defences.Adversarial;

/// <summary>
/// The data-centric alternative the paper compares against (HDM-style, after Xiao et al. 2020): per image, iterative
/// sign-gradient ascent on the squared distance between the current and the original embedding under the retrieval
/// model (white box), x &lt;- clip(x + step sign(grad)) within an L-infinity ball around the original and [0, 1], from a
/// random start inside the ball.
/// Unlike a trigger it needs the model and many forward/backward passes per image.
/// </summary>
public static class HdmPerturbation
{
    /// <summary>Perturbs a batch [B, 3, H, W] of RGB images in [0, 1]; returns the perturbed batch (the input is unchanged).</summary>
    /// <remarks>The result belongs to the caller's dispose scope, if any.</remarks>
    public static Tensor Perturb(EmbeddingModel model, Tensor images01, HdmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images01);
        options ??= new HdmOptions();
        options.Validate();
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = NewDisposeScope();
            var original = images01.detach();
            Tensor target;
            using (no_grad()) target = model.forward(original).detach();
            var lower = (original - options.Epsilon).clamp_min(0);
            var upper = (original + options.Epsilon).clamp_max(1);
            // The running image lives outside every dispose scope so each step can free the previous one.
            // The distance to the original embedding has a zero gradient at the original image, so the ascent starts
            // from a seeded random point of the budget ball (as PGD does).
            var generator = new Generator((ulong)options.Seed);
            var start = original + (rand(original.shape, generator: generator) * 2 - 1) * options.Epsilon;
            var x = minimum(maximum(start, lower), upper).DetachFromDisposeScope();
            try
            {
                for (int i = 0; i < options.Iterations; i++)
                {
                    using var step = NewDisposeScope();
                    var input = x.detach().requires_grad_(true);
                    var loss = (model.forward(input) - target).pow(2).sum();
                    var gradient = autograd.grad([loss], [input])[0];
                    Tensor next;
                    using (no_grad()) next = minimum(maximum(input.detach() + options.StepSize * gradient.sign(), lower), upper).DetachFromDisposeScope();
                    x.Dispose();
                    x = next;
                }
            }
            catch
            {
                x.Dispose();
                throw;
            }
            scope.Attach(x);
            return x.MoveToOuterDisposeScope();
        }
        finally
        {
            if (wasTraining) model.train();
        }
    }
}
