namespace Mip.Defences.Adversarial;

/// <summary>Settings of <see cref="HdmPerturbation"/>: the project's issue's defaults (100 steps of 1/255 within 8/255).</summary>
public sealed record HdmOptions
{
    /// <summary>Sign-gradient steps per image.</summary>
    public int Iterations { get; init; } = 100;

    /// <summary>Step size on the [0, 1] pixel scale.</summary>
    public double StepSize { get; init; } = 1.0 / 255;

    /// <summary>L-infinity budget around the original image on the [0, 1] scale.</summary>
    public double Epsilon { get; init; } = 8.0 / 255;

    /// <summary>Seed of the random start.</summary>
    public int Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> for settings the attack cannot run with.</summary>
    public void Validate()
    {
        if (Iterations < 1) throw new ArgumentException($"HDM needs at least one iteration, not {Iterations}.");
        if (!(StepSize > 0) || !(Epsilon > 0) || Epsilon > 1) throw new ArgumentException($"HDM needs a positive step and a budget in (0, 1], not step {StepSize}, budget {Epsilon}.");
    }
}
