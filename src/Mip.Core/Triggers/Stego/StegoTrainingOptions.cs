using System.Globalization;

namespace Mip.Triggers.Stego;

/// <summary>Settings of a <see cref="StegoTrainer"/> run. Schedules run on the fraction of the budget (steps or time) used so far.</summary>
public sealed record StegoTrainingOptions
{
    /// <summary>Seed of the weights, the crops and the messages.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Wall-clock budget; training stops when it is spent (schedules follow it).</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromMinutes(40);

    /// <summary>Step limit, or null for none; when set, schedules follow whichever of steps and time runs out first.</summary>
    public int? MaxSteps { get; init; }

    /// <summary>Images per step.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Side of the random square training crops (a multiple of 16, for the differentiable JPEG).</summary>
    public int CropSize { get; init; } = 128;

    /// <summary>Adam learning rate at the start; it decays along a cosine to <see cref="FinalLearningRate"/>.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Learning rate at the end of the budget.</summary>
    public double FinalLearningRate { get; init; } = 5e-5;

    /// <summary>Weight of (1 − SSIM) in the loss once ramped in (the bit loss has weight 1).</summary>
    public double SsimWeight { get; init; } = 4;

    /// <summary>Target PSNR (dB) of the residual at the start: a strong residual lets the decoder find the message.</summary>
    public double StartPsnr { get; init; } = 30;

    /// <summary>Lowest target PSNR after annealing; each image draws its target from [low, high].</summary>
    public double FinalPsnrLow { get; init; } = 34;

    /// <summary>Highest target PSNR after annealing.</summary>
    public double FinalPsnrHigh { get; init; } = 38;

    /// <summary>Fraction of the budget over which strength, distortions and the SSIM weight are ramped in.</summary>
    public double RampFraction { get; init; } = 0.35;

    /// <summary>Fraction of the budget trained without distortions (only 8-bit rounding), so the pair first finds a code.</summary>
    public double WarmupFraction { get; init; } = 0.04;

    /// <summary>Scale of the decoder's initial matched-filter read-out (see <see cref="StegoDecoder.TieToEncoder"/>).</summary>
    public double TiedReadoutScale { get; init; } = 15;

    /// <summary>Steps between validations (a validation also runs at the end).</summary>
    public int ValidateEvery { get; init; } = 250;

    /// <summary>Strength (PSNR, dB) at which validation protects images.</summary>
    public double ValidationPsnr { get; init; } = StegoModel.DefaultPsnr;

    /// <summary>The network shape.</summary>
    public StegoArchitecture Architecture { get; init; } = StegoArchitecture.Default;

    /// <summary>Checks the values; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (BatchSize < 1) throw new ArgumentException($"Batch size must be at least 1, not {BatchSize}.");
        if (CropSize < 32 || CropSize % 16 != 0) throw new ArgumentException($"Crop size must be a multiple of 16 of at least 32, not {CropSize}.");
        if (TimeBudget <= TimeSpan.Zero) throw new ArgumentException("The time budget must be positive.");
        if (MaxSteps is < 1) throw new ArgumentException($"Max steps must be positive, not {MaxSteps}.");
        if (!(LearningRate > 0) || !(FinalLearningRate > 0)) throw new ArgumentException("Learning rates must be positive.");
        if (SsimWeight < 0) throw new ArgumentException("The SSIM weight must not be negative.");
        if (FinalPsnrLow > FinalPsnrHigh) throw new ArgumentException("The final PSNR range is empty (low > high).");
        if (RampFraction is <= 0 or > 1 || WarmupFraction is < 0 or >= 1) throw new ArgumentException("Ramp and warm-up fractions must lie in (0, 1].");
        if (ValidateEvery < 1) throw new ArgumentException("Validation interval must be positive.");
    }

    /// <summary>The settings as text, for checkpoint hyperparameters.</summary>
    public IReadOnlyDictionary<string, string> ToDictionary() => new Dictionary<string, string>
    {
        ["train.seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["train.timeBudgetMinutes"] = TimeBudget.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture),
        ["train.maxSteps"] = MaxSteps?.ToString(CultureInfo.InvariantCulture) ?? "none",
        ["train.batchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        ["train.cropSize"] = CropSize.ToString(CultureInfo.InvariantCulture),
        ["train.learningRate"] = LearningRate.ToString("R", CultureInfo.InvariantCulture),
        ["train.finalLearningRate"] = FinalLearningRate.ToString("R", CultureInfo.InvariantCulture),
        ["train.ssimWeight"] = SsimWeight.ToString("R", CultureInfo.InvariantCulture),
        ["train.startPsnr"] = StartPsnr.ToString("R", CultureInfo.InvariantCulture),
        ["train.finalPsnr"] = FormattableString.Invariant($"{FinalPsnrLow}..{FinalPsnrHigh}"),
        ["train.rampFraction"] = RampFraction.ToString("R", CultureInfo.InvariantCulture),
        ["train.warmupFraction"] = WarmupFraction.ToString("R", CultureInfo.InvariantCulture),
        ["train.tiedReadoutScale"] = TiedReadoutScale.ToString("R", CultureInfo.InvariantCulture),
    };
}
