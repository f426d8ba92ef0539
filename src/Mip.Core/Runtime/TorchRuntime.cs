using System.Runtime.InteropServices;
using TorchSharp;

namespace Mip.Runtime;

/// <summary>Thrown when LibTorch cannot be loaded or a requested device is unavailable.</summary>
public sealed class TorchUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Loads LibTorch once and turns TorchSharp's loader failures into a message that names the real cause.
/// TorchSharp reports any native load failure as "no reference to libtorch-cpu-linux-x64", which hides problems such
/// as a libstdc++ that is too old, so on failure we ask the dynamic loader ourselves and quote its answer.
/// </summary>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static bool _loaded;

    /// <summary>Loads the CPU backend, or throws <see cref="TorchUnavailableException"/> with the loader's reason.</summary>
    public static void EnsureLoaded()
    {
        if (_loaded) return;
        lock (Gate)
        {
            if (_loaded) return;
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e) when (e is NotSupportedException or TypeInitializationException or DllNotFoundException)
            {
                throw new TorchUnavailableException(DescribeLoadFailure(), e);
            }
            _loaded = true;
        }
    }

    /// <summary>
    /// Sets the number of LibTorch intra-op threads for the whole process (0 keeps LibTorch's default).
    /// Call it once, before any computation starts: the count is process-wide and LibTorch expects it to be set before
    /// work begins, not changed under other threads' operations, so library code never calls it on its own.
    /// </summary>
    public static void UseThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        EnsureLoaded();
        if (threads > 0 && torch.get_num_threads() != threads) torch.set_num_threads(threads);
    }

    /// <summary>Resolves "cpu", "cuda" or "cuda:N" to a device, checking that it is usable here.</summary>
    public static torch.Device ResolveDevice(string name)
    {
        EnsureLoaded();
        string lower = (name ?? "").Trim().ToLowerInvariant();
        if (lower == "cpu") return torch.CPU;
        if (lower == "cuda" || lower.StartsWith("cuda:", StringComparison.Ordinal))
        {
            bool available;
            try
            {
                torch.InitializeDeviceType(DeviceType.CUDA);
                available = torch.cuda.is_available();
            }
            catch (Exception)
            {
                available = false;
            }
            if (!available)
                throw new TorchUnavailableException(
                    "--device cuda was asked for, but no CUDA device is usable: this build references the CPU LibTorch " +
                    "package (libtorch-cpu-linux-x64). Reference a libtorch-cuda package instead to train on a GPU.");
            return new torch.Device(lower);
        }
        throw new ArgumentException($"Unknown device '{name}': use cpu, cuda or cuda:N.", nameof(name));
    }

    private static string DescribeLoadFailure()
    {
        string dir = AppContext.BaseDirectory;
        string[] candidates =
        [
            Path.Combine(dir, "libLibTorchSharp.so"),
            Path.Combine(dir, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
        ];
        string? found = candidates.FirstOrDefault(File.Exists);
        if (found is null)
            return $"LibTorch could not be loaded: libLibTorchSharp.so is not in {dir}. Build the project with 'dotnet build' " +
                   "so the TorchSharp and libtorch-cpu-linux-x64 packages are copied to the output.";
        string reason = OperatingSystem.IsLinux() ? DlopenError(found) : "unknown";
        string hint = reason.Contains("GLIBCXX", StringComparison.Ordinal)
            ? " The build marks the GLIBCXX_3.4.32 need weak after copying the library (build/WeakenGlibcxxNeed.targets); " +
              "this copy was not patched, or it needs another libstdc++ version the system lacks."
            : "";
        return $"LibTorch could not be loaded from {found}: {reason}.{hint}";
    }

    [DllImport("libc", EntryPoint = "dlopen")]
    private static extern IntPtr DlOpen(string file, int mode);

    [DllImport("libc", EntryPoint = "dlerror")]
    private static extern IntPtr DlError();

    private static string DlopenError(string path)
    {
        try
        {
            const int RtldNow = 2;
            IntPtr handle = DlOpen(path, RtldNow);
            if (handle != IntPtr.Zero) return "the library loads on its own, so a library it depends on failed inside TorchSharp";
            return Marshal.PtrToStringAnsi(DlError()) ?? "no reason given by the dynamic loader";
        }
        catch (Exception e)
        {
            return "the dynamic loader could not be asked (" + e.Message + ")";
        }
    }
}
