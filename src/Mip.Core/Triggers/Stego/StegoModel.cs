using System.Globalization;
using System.Security.Cryptography;
using Mip.Checkpoints;
using Mip.Images;
using Mip.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Triggers.Stego;

/// <summary>
/// A trained <see cref="StegoNetwork"/> ready to hide and read secrets in images: loading and saving its checkpoint,
/// protecting images at a given strength (PSNR) and revealing the secret of an image.
/// </summary>
/// <remarks>Not safe for concurrent use from several threads; give each thread its own model.</remarks>
public sealed class StegoModel : IDisposable
{
    /// <summary>
    /// The default strength: the PSNR (dB) of a protected image against its original, before rounding and clipping.
    /// Chosen on CUB test images so that both the quality and the recovery bars hold (see bench/triggers/).
    /// </summary>
    public const double DefaultPsnr = 36.0;

    /// <summary>File name of the shipped weights, in the <c>triggers</c> folder beside the program.</summary>
    public const string DefaultWeightsFileName = "stego-default.mipckpt";

    /// <summary>What <see cref="CheckpointMetadata.Method"/> says for weights written by <see cref="StegoTrainer"/>.</summary>
    public const string CheckpointMethod = "stego-trainer";

    private readonly StegoNetwork _network;

    /// <summary>Wraps a network (taking ownership of it); <paramref name="source"/> names it in messages.</summary>
    public StegoModel(StegoNetwork network, CheckpointMetadata? metadata, string source, string digest)
    {
        _network = network ?? throw new ArgumentNullException(nameof(network));
        _network.eval();
        foreach (var parameter in _network.parameters()) parameter.requires_grad = false;
        Metadata = metadata;
        Source = source;
        Digest = digest;
    }

    /// <summary>Where the default weights are looked for: <c>triggers/stego-default.mipckpt</c> beside the program.</summary>
    public static string DefaultWeightsPath => Path.Combine(AppContext.BaseDirectory, "triggers", DefaultWeightsFileName);

    /// <summary>The network (for evaluation code that batches tensors itself).</summary>
    public StegoNetwork Network => _network;

    /// <summary>The checkpoint metadata (how the weights were trained), or null for an unsaved network.</summary>
    public CheckpointMetadata? Metadata { get; }

    /// <summary>The file the weights came from, or a description.</summary>
    public string Source { get; }

    /// <summary>The first 8 hex digits of the SHA-256 of the weights: names the weights in trigger ids.</summary>
    public string Digest { get; }

    /// <summary>Loads the shipped weights.</summary>
    /// <exception cref="CheckpointException">The file is missing or damaged.</exception>
    public static StegoModel LoadDefault() => Load(DefaultWeightsPath);

    /// <summary>Loads weights written by <see cref="Save(string, CheckpointMetadata)"/> or <c>mip trigger train</c>.</summary>
    /// <exception cref="CheckpointException">The file is missing, damaged, or not stego weights.</exception>
    public static StegoModel Load(string path)
    {
        TorchRuntime.EnsureLoaded();
        Checkpoint checkpoint = CheckpointFile.Read(path);
        if (checkpoint.Metadata.Backbone != StegoArchitecture.Name)
            throw new CheckpointException(path,
                $"holds '{checkpoint.Metadata.Backbone}' weights, not the steganographic encoder/decoder ('{StegoArchitecture.Name}').");
        StegoArchitecture architecture;
        try
        {
            architecture = StegoArchitecture.FromDictionary(checkpoint.Metadata.Hyperparameters);
        }
        catch (FormatException e)
        {
            throw new CheckpointException(path, "has unreadable architecture settings: " + e.Message, e);
        }
        if (architecture.MessageBits != SecretCodec.BitCount)
            throw new CheckpointException(path, $"carries {architecture.MessageBits}-bit messages; this build's secrets are {SecretCodec.BitCount} bits.");
        var network = new StegoNetwork(architecture);
        checkpoint.LoadInto(network);
        return new StegoModel(network, checkpoint.Metadata, path, DigestOf(checkpoint.Sections[CheckpointFile.ModelSection]));
    }

    /// <summary>Writes the weights and <paramref name="metadata"/> (its backbone and architecture entries are filled in) atomically.</summary>
    public void Save(string path, CheckpointMetadata metadata) => Save(_network, path, metadata);

    /// <summary>Writes <paramref name="network"/> as a stego checkpoint.</summary>
    public static void Save(StegoNetwork network, string path, CheckpointMetadata metadata)
    {
        var hyper = new Dictionary<string, string>(metadata.Hyperparameters);
        foreach (var (key, value) in network.Architecture.ToDictionary()) hyper[key] = value;
        CheckpointFile.Save(path, network, metadata with
        {
            Backbone = StegoArchitecture.Name,
            EmbeddingSize = network.Architecture.MessageBits,
            Hyperparameters = hyper,
        });
    }

    /// <summary>Digest of serialized weights, as <see cref="Digest"/> reports it.</summary>
    public static string DigestOf(byte[] weights) => Convert.ToHexStringLower(SHA256.HashData(weights))[..8];

    /// <summary>Digest of an in-memory network's weights.</summary>
    public static string DigestOf(StegoNetwork network) => DigestOf(CheckpointFile.SerializeModule(network));

    /// <summary>
    /// Protects a batch [N, 3, H, W] in [0, 1] with <paramref name="bits"/> at <paramref name="psnr"/> dB; the result
    /// is rounded to 8-bit levels, as a saved file would be.
    /// </summary>
    public Tensor Protect(Tensor batch, bool[] bits, double psnr) => Protect(_network, batch, bits, psnr);

    /// <summary>What <see cref="Protect(Tensor, bool[], double)"/> does, with any network (for example one still training).</summary>
    public static Tensor Protect(StegoNetwork network, Tensor batch, bool[] bits, double psnr)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(batch);
        CheckMessage(network, bits);
        CheckPsnr(psnr);
        using var scope = NewDisposeScope();
        long n = batch.shape[0];
        Tensor message = tensor(bits.Select(b => b ? 1f : 0f).ToArray(), [1, bits.Length]).expand(n, bits.Length).to(batch.device);
        return Embed(network, batch, message, psnr).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Protects each image of a batch [N, 3, H, W] in [0, 1] with its own message, <paramref name="perImage"/>[i] for
    /// row i, at <paramref name="psnr"/> dB; rounded to 8-bit levels as <see cref="Protect(Tensor, bool[], double)"/>.
    /// </summary>
    public Tensor Protect(Tensor batch, IReadOnlyList<bool[]> perImage, double psnr) => Protect(_network, batch, perImage, psnr);

    /// <summary>What <see cref="Protect(Tensor, IReadOnlyList{bool[]}, double)"/> does, with any network.</summary>
    public static Tensor Protect(StegoNetwork network, Tensor batch, IReadOnlyList<bool[]> perImage, double psnr)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(perImage);
        long n = batch.shape[0];
        if (perImage.Count != n)
            throw new ArgumentException($"Expected one message for each of the {n} images, got {perImage.Count}.", nameof(perImage));
        foreach (bool[] bits in perImage) CheckMessage(network, bits);
        CheckPsnr(psnr);
        using var scope = NewDisposeScope();
        int length = network.Architecture.MessageBits;
        Tensor message = tensor(perImage.SelectMany(bits => bits.Select(b => b ? 1f : 0f)).ToArray(), [n, length]).to(batch.device);
        return Embed(network, batch, message, psnr).MoveToOuterDisposeScope();
    }

    // message: [N, L] of 0/1, one row per image.
    private static Tensor Embed(StegoNetwork network, Tensor batch, Tensor message, double psnr)
    {
        using var noGrad = no_grad();
        Tensor rms = full([batch.shape[0]], RmsForPsnr(psnr), ScalarType.Float32, batch.device);
        Tensor protectedBatch = network.Embed(batch.to(ScalarType.Float32), message, rms);
        return ((protectedBatch * 255).round() / 255).to(batch.dtype);
    }

    private static void CheckMessage(StegoNetwork network, bool[] bits)
    {
        ArgumentNullException.ThrowIfNull(bits);
        if (bits.Length != network.Architecture.MessageBits)
            throw new ArgumentException($"Expected {network.Architecture.MessageBits} message bits, got {bits.Length}.", nameof(bits));
    }

    /// <summary>Protects one image with <paramref name="bits"/> at <paramref name="psnr"/> dB.</summary>
    public RgbImage Protect(RgbImage image, bool[] bits, double psnr)
    {
        ArgumentNullException.ThrowIfNull(image);
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        Tensor batch = ImageTensors.ToTensor(image).unsqueeze(0);
        return ImageTensors.FromTensor(Protect(batch, bits, psnr)[0]);
    }

    /// <summary>The probability that each message bit is 1, [N, L], for a batch [N, 3, H, W] in [0, 1].</summary>
    public float[][] BitProbabilities(Tensor batch) => BitProbabilities(_network, batch);

    /// <summary>What <see cref="BitProbabilities(Tensor)"/> does, with any network.</summary>
    public static float[][] BitProbabilities(StegoNetwork network, Tensor batch)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor probabilities = torch.sigmoid(network.Decoder.call(batch.to(ScalarType.Float32))).cpu();
        int n = (int)probabilities.shape[0], bits = (int)probabilities.shape[1];
        var flat = probabilities.data<float>().ToArray();
        var result = new float[n][];
        for (int i = 0; i < n; i++) result[i] = flat.AsSpan(i * bits, bits).ToArray();
        return result;
    }

    /// <summary>Reads the secret hidden in <paramref name="image"/>, or reports that none was found.</summary>
    public SecretDecodeResult Reveal(RgbImage image, int chaseBits = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        float[] probabilities = BitProbabilities(ImageTensors.ToTensor(image).unsqueeze(0))[0];
        return SecretCodec.Decode(probabilities, chaseBits);
    }

    /// <summary>The residual root-mean-square (in [0, 1] units) that gives <paramref name="psnr"/> dB.</summary>
    public static double RmsForPsnr(double psnr) => Math.Pow(10, -psnr / 20);

    /// <summary>Throws unless <paramref name="psnr"/> is a usable strength (20..60 dB).</summary>
    public static void CheckPsnr(double psnr)
    {
        if (!(psnr >= 20 && psnr <= 60))
            throw new ArgumentOutOfRangeException(nameof(psnr), psnr,
                "The strength is the target PSNR in dB and must be between 20 (strong, visible) and 60 (faint).");
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"stego weights {Digest} from {Source}");

    /// <inheritdoc/>
    public void Dispose() => _network.Dispose();
}
