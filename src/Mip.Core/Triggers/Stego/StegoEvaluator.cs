using Mip.Evaluation.Stealth;
using Mip.Images;
using Mip.Runtime;
using static TorchSharp.torch;

namespace Mip.Triggers.Stego;

/// <summary>
/// Measures a stego network on real images at one strength: the quality of the protected images, how often the
/// secret comes back exactly from the lossless image and after a JPEG re-encoding, and how often a secret is
/// (wrongly) found in the unprotected originals.
/// </summary>
public static class StegoEvaluator
{
    /// <summary>
    /// Protects every image with its own secret (<see cref="SecretFor"/>) at <paramref name="psnr"/> dB and measures.
    /// </summary>
    public static StegoEvaluationResult Evaluate(StegoNetwork network, IReadOnlyList<RgbImage> images, double psnr,
        int jpegQuality = 75, int chaseBits = 0, IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("Nothing to evaluate: the image list is empty.", nameof(images));
        TorchRuntime.EnsureLoaded();
        double mse = 0, psnrSum = 0, ssim = 0, confidenceProtected = 0, confidenceClean = 0;
        int recoveredLossless = 0, recoveredJpeg = 0, falsePositives = 0;
        long bitsRightLossless = 0, bitsRightJpeg = 0, bitsTotal = 0;
        for (int i = 0; i < images.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            RgbImage original = images[i];
            string secret = SecretFor(i);
            bool[] bits = SecretCodec.Encode(secret);
            RgbImage protectedImage;
            float[] lossless, clean;
            using (NewDisposeScope())
            {
                Tensor x = ImageTensors.ToTensor(original).unsqueeze(0);
                Tensor y = StegoModel.Protect(network, x, bits, psnr);
                protectedImage = ImageTensors.FromTensor(y[0]);
                float[][] both = StegoModel.BitProbabilities(network, cat([y, x], 0));
                lossless = both[0];
                clean = both[1];
            }
            RgbImage jpeg = ImageReader.Decode(ImageWriter.EncodeJpeg(protectedImage, jpegQuality), "jpeg re-encoding");
            float[] afterJpeg;
            using (NewDisposeScope())
                afterJpeg = StegoModel.BitProbabilities(network, ImageTensors.ToTensor(jpeg).unsqueeze(0))[0];

            QualityScores q = ImageQuality.Measure(original, protectedImage);
            mse += q.Mse;
            psnrSum += q.Psnr;
            ssim += q.Ssim;

            SecretDecodeResult a = SecretCodec.Decode(lossless, chaseBits);
            SecretDecodeResult b = SecretCodec.Decode(afterJpeg, chaseBits);
            SecretDecodeResult c = SecretCodec.Decode(clean, chaseBits);
            if (a.Found && a.Secret == secret) recoveredLossless++;
            if (b.Found && b.Secret == secret) recoveredJpeg++;
            if (c.Found) falsePositives++;
            confidenceProtected += a.Confidence;
            confidenceClean += c.Confidence;
            for (int k = 0; k < bits.Length; k++)
            {
                if (lossless[k] > 0.5f == bits[k]) bitsRightLossless++;
                if (afterJpeg[k] > 0.5f == bits[k]) bitsRightJpeg++;
            }
            bitsTotal += bits.Length;
            progress?.Report(i + 1);
        }
        int n = images.Count;
        return new StegoEvaluationResult
        {
            Images = n,
            TargetPsnr = psnr,
            MeanMse = mse / n,
            MeanPsnr = psnrSum / n,
            MeanSsim = ssim / n,
            RecoveredLossless = (double)recoveredLossless / n,
            RecoveredJpeg = (double)recoveredJpeg / n,
            JpegQuality = jpegQuality,
            BitAccuracyLossless = (double)bitsRightLossless / bitsTotal,
            BitAccuracyJpeg = (double)bitsRightJpeg / bitsTotal,
            FalsePositivesClean = (double)falsePositives / n,
            MeanConfidenceProtected = confidenceProtected / n,
            MeanConfidenceClean = confidenceClean / n,
        };
    }

    /// <summary>
    /// The secret used for image <paramref name="index"/>: 1 to 7 printable ASCII characters drawn from a generator
    /// seeded by the index, so every run tests the same, varied messages.
    /// </summary>
    public static string SecretFor(int index)
    {
        var random = new Random(unchecked(index * 7919 + 17));
        int length = 1 + random.Next(SecretCodec.MaxSecretBytes);
        return new string(Enumerable.Range(0, length).Select(_ => (char)random.Next(33, 127)).ToArray());
    }
}
