using System.Diagnostics;
using Mip.Images;
using Mip.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Triggers.Stego;

/// <summary>
/// Trains a <see cref="StegoNetwork"/> end to end on random crops of photos: encode random messages, round to 8 bits,
/// pass through a random distortion (<see cref="StegoDistortions"/>), decode, and minimise the bits' cross-entropy
/// plus a weight times (1 − SSIM) of the protected crop.
/// </summary>
/// <remarks>
/// The residual's energy is set by the target PSNR, not learned, so the loss only decides where the energy goes and
/// what the pattern looks like. Curriculum, on the fraction of the budget used: a short warm-up with no distortion,
/// then the target PSNR anneals from <see cref="StegoTrainingOptions.StartPsnr"/> to the final range while the
/// distortions' strength and the SSIM weight ramp up; the learning rate follows a cosine. Every step draws fresh
/// crops and messages (re-feeding the same tensors slowed LibTorch steps several-fold on this machine).
/// </remarks>
public sealed class StegoTrainer
{
    private readonly StegoTrainingOptions _options;

    /// <summary>Creates a trainer with checked options.</summary>
    public StegoTrainer(StegoTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Trains on crops of <paramref name="training"/> and validates on <paramref name="validation"/> (full images).</summary>
    /// <exception cref="ArgumentException">An image is smaller than the crop size, or a list is empty.</exception>
    public StegoTrainingResult Train(IReadOnlyList<RgbImage> training, IReadOnlyList<RgbImage> validation,
        IProgress<StegoTrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(validation);
        if (training.Count == 0) throw new ArgumentException("No training images.", nameof(training));
        int crop = _options.CropSize;
        var usable = training.Where(i => i.Width >= crop && i.Height >= crop).ToList();
        if (usable.Count == 0)
            throw new ArgumentException($"No training image is at least {crop}x{crop} pixels; lower the crop size.", nameof(training));

        TorchRuntime.EnsureLoaded();
        manual_seed(_options.Seed);
        var random = new Random(_options.Seed);
        var network = new StegoNetwork(_options.Architecture);
        network.Decoder.TieToEncoder(network.Encoder, _options.TiedReadoutScale);
        network.train();
        var optimizer = optim.Adam(network.parameters(), _options.LearningRate);

        var log = new List<StegoTrainingProgress>();
        var clock = Stopwatch.StartNew();
        var window = new RunningMeans();
        StegoEvaluationResult? lastValidation = null;
        int step = 0;
        double fraction = 0;
        while (fraction < 1)
        {
            cancellation.ThrowIfCancellationRequested();
            double lr = _options.FinalLearningRate + 0.5 * (_options.LearningRate - _options.FinalLearningRate) * (1 + Math.Cos(Math.PI * fraction));
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
            TrainStep(network, optimizer, usable, random, fraction, window);
            step++;
            fraction = Math.Max(clock.Elapsed / _options.TimeBudget, _options.MaxSteps is int max ? (double)step / max : 0);

            bool last = fraction >= 1;
            bool validate = validation.Count > 0 && (step % _options.ValidateEvery == 0 || last);
            if (validate)
            {
                network.eval();
                lastValidation = StegoEvaluator.Evaluate(network, validation, _options.ValidationPsnr, cancellation: cancellation);
                network.train();
            }
            if (validate || step % 25 == 0 || last || step == 1)
            {
                var row = window.Report(step, clock.Elapsed, Math.Min(1, fraction), lr, validate ? lastValidation : null);
                log.Add(row);
                progress?.Report(row);
            }
        }
        network.eval();
        return new StegoTrainingResult(network, step, clock.Elapsed, log, lastValidation);
    }

    private void TrainStep(StegoNetwork network, optim.Optimizer optimizer, List<RgbImage> images, Random random, double fraction, RunningMeans window)
    {
        int batch = _options.BatchSize, crop = _options.CropSize, bits = _options.Architecture.MessageBits;
        using var scope = NewDisposeScope();
        Tensor x = Crops(images, random, batch, crop);
        var messageValues = new float[batch * bits];
        for (int i = 0; i < messageValues.Length; i++) messageValues[i] = random.Next(2);
        Tensor message = tensor(messageValues, [batch, bits]);

        double ramp = Math.Clamp(fraction / _options.RampFraction, 0, 1);
        double low = _options.StartPsnr + (_options.FinalPsnrLow - _options.StartPsnr) * ramp;
        double high = _options.StartPsnr + (_options.FinalPsnrHigh - _options.StartPsnr) * ramp;
        var rmsValues = new float[batch];
        for (int i = 0; i < batch; i++) rmsValues[i] = (float)StegoModel.RmsForPsnr(low + (high - low) * random.NextDouble());
        Tensor rms = tensor(rmsValues);

        Tensor encoded = StegoDistortions.Quantize8Bit(network.Embed(x, message, rms));
        double distortionStrength = fraction < _options.WarmupFraction
            ? 0
            : Math.Clamp((fraction - _options.WarmupFraction) / Math.Max(1e-9, _options.RampFraction - _options.WarmupFraction), 0, 1);
        Tensor received = Distort(encoded, random, distortionStrength);
        Tensor logits = network.Decoder.call(received);

        Tensor bitLoss = nn.functional.binary_cross_entropy_with_logits(logits, message);
        Tensor ssim = TensorSsim.PerImage(x, encoded).mean();
        double ssimWeight = _options.SsimWeight * ramp;
        // A zero weight would still multiply SSIM's gradient, so leave the term out until it has weight.
        Tensor loss = ssimWeight > 0 ? bitLoss + ssimWeight * (1 - ssim) : bitLoss;
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();

        double accuracy;
        using (no_grad())
            accuracy = (logits > 0).to(ScalarType.Float32).eq(message).to(ScalarType.Float32).mean().item<float>();
        window.Add(loss.item<float>(), bitLoss.item<float>(), ssim.item<float>(), accuracy);
    }

    /// <summary>
    /// One random distortion per batch, its severity scaled by <paramref name="strength"/> (0 = none, 1 = full):
    /// often a JPEG (real or differentiable, quality down to 50), else noise, blur, a resize round trip or a colour
    /// shift, sometimes followed by a JPEG.
    /// </summary>
    private static Tensor Distort(Tensor images, Random random, double strength)
    {
        if (strength <= 0) return images;
        double Between(double a, double b) => a + (b - a) * random.NextDouble();
        int Quality() => (int)Math.Round(100 - Between(5, 50) * strength);
        Tensor Jpeg(Tensor t) => random.NextDouble() < 0.6
            ? StegoDistortions.RealJpeg(t, Quality())
            : StegoDistortions.DifferentiableJpeg(t, Quality());

        double pick = random.NextDouble();
        if (pick < 0.12) return images;
        if (pick < 0.50) return Jpeg(images);
        Tensor shaped = random.Next(5) switch
        {
            0 => StegoDistortions.GaussianNoise(images, Between(0, 0.02) * strength),
            1 => StegoDistortions.GaussianBlur(images, Between(0.3, 1.2) * strength),
            2 => StegoDistortions.ResizeRoundTrip(images, 1 - Between(0.1, 0.5) * strength),
            3 => StegoDistortions.ColourJitter(images,
                Between(-0.06, 0.06) * strength, 1 + Between(-0.15, 0.15) * strength, 1 + Between(-0.2, 0.2) * strength),
            _ => StegoDistortions.GaussianNoise(StegoDistortions.ColourJitter(images,
                Between(-0.03, 0.03) * strength, 1 + Between(-0.08, 0.08) * strength, 1), Between(0, 0.01) * strength),
        };
        return random.NextDouble() < 0.35 ? Jpeg(StegoDistortions.Quantize8Bit(shaped)) : shaped;
    }

    /// <summary>Random crops with random horizontal flips, as a [N, 3, crop, crop] batch built from a float array.</summary>
    private static Tensor Crops(List<RgbImage> images, Random random, int count, int crop)
    {
        long plane = (long)crop * crop;
        var values = new float[count * 3 * plane];
        for (int n = 0; n < count; n++)
        {
            RgbImage image = images[random.Next(images.Count)];
            int left = random.Next(image.Width - crop + 1), top = random.Next(image.Height - crop + 1);
            bool flip = random.Next(2) == 1;
            long offset = n * 3 * plane;
            byte[] pixels = image.Pixels;
            for (int y = 0; y < crop; y++)
            {
                int rowStart = ((top + y) * image.Width + left) * 3;
                for (int x = 0; x < crop; x++)
                {
                    int source = rowStart + (flip ? crop - 1 - x : x) * 3;
                    long target = offset + (long)y * crop + x;
                    values[target] = pixels[source] / 255f;
                    values[target + plane] = pixels[source + 1] / 255f;
                    values[target + 2 * plane] = pixels[source + 2] / 255f;
                }
            }
        }
        return tensor(values, [count, 3, crop, crop]);
    }

    private sealed class RunningMeans
    {
        private double _loss, _bitLoss, _ssim, _accuracy;
        private int _count;
        private TimeSpan _lastTime;
        private int _lastStep;

        public void Add(double loss, double bitLoss, double ssim, double accuracy)
        {
            _loss += loss;
            _bitLoss += bitLoss;
            _ssim += ssim;
            _accuracy += accuracy;
            _count++;
        }

        public StegoTrainingProgress Report(int step, TimeSpan elapsed, double fraction, double lr, StegoEvaluationResult? validation)
        {
            int n = Math.Max(1, _count);
            double secondsPerStep = step > _lastStep ? (elapsed - _lastTime).TotalSeconds / (step - _lastStep) : 0;
            var row = new StegoTrainingProgress(step, elapsed, fraction, lr, _loss / n, _bitLoss / n, _ssim / n, _accuracy / n, secondsPerStep, validation);
            _loss = _bitLoss = _ssim = _accuracy = 0;
            _count = 0;
            _lastTime = elapsed;
            _lastStep = step;
            return row;
        }
    }
}
