// Which convolution shapes LibTorch's float32 CPU path (oneDNN for batches over one) computes wrongly here, and what
// switching oneDNN off would cost. Every check compares float32 with float64 (LibTorch's own kernels, which oneDNN does
// not serve) on the same random input, weight and upstream gradient; a result is "off" when its largest difference
// exceeds 1e-4 of the largest float64 value, or it is not finite.
// Part 1: a map over input x output channels for 3x3 convolutions, stride 1 and 2 (batch 4, 14 px, one try each).
// Part 2: listed shapes (other kernels, batch of one, depthwise, the networks' own strided shapes), several tries each,
// called directly and through Mip.Models.CpuSafeConvolution. Shapes that kill the process (SIGFPE) are only called
// through CpuSafeConvolution here; run.sh maps the strided 1x1 ones with --cell, one process per shape.
// Part 3: forward + backward time of ResNet-shaped convolutions with oneDNN on and off, side by side in one process.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Mip.Models;
using Mip.Runtime;
using static TorchSharp.torch;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int tries = 4, repeats = 3;
Shape? single = null;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--tries": tries = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--repeats": repeats = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--cell":
            int[] p = Next().Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            single = new Shape(p[0], p[1], p[2], p[3], p[4], p[5], 1);
            break;
        default:
            Console.Error.WriteLine("usage: mip-bench-conv-gradients [--tries 4] [--repeats 3] [--cell batch,in,out,kernel,stride,side]");
            return 2;
    }
}

TorchRuntime.EnsureLoaded();
if (single is not null)
{
    // One check in its own process, for shapes that may kill it (SIGFPE inside oneDNN).
    var result = Probe.Run(single, safe: false);
    string flags = (result.Output > 1e-4 ? "F" : "") + (result.InputGradient > 1e-4 ? "I" : "") + (result.WeightGradient > 1e-4 ? "W" : "");
    Console.WriteLine(flags.Length == 0 ? "." : flags);
    return 0;
}
Console.WriteLine($"LibTorch threads {get_num_threads()}, {Environment.ProcessorCount} cores, " +
                  $"ONEDNN_MAX_CPU_ISA={Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") ?? "(unset)"}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

int[] channels = [3, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 192, 208, 224, 256, 288, 320, 384, 512];
foreach (int stride in new[] { 1, 2 })
{
    Console.WriteLine();
    Console.WriteLine($"3x3 stride {stride}, batch 4, 14 px: rows input channels, columns output channels; " +
                      "F output off, I input gradient off, W weight gradient off, . all right");
    Console.WriteLine();
    Console.WriteLine("```");
    Console.WriteLine("in\\out" + string.Concat(channels.Select(c => c.ToString(CultureInfo.InvariantCulture).PadLeft(4))));
    foreach (int inChannels in channels)
    {
        var row = new StringBuilder(inChannels.ToString(CultureInfo.InvariantCulture).PadLeft(6));
        foreach (int outChannels in channels)
        {
            var result = Probe.Run(new Shape(4, inChannels, outChannels, 3, stride, 14, 1), safe: false);
            string flags = (result.Output > 1e-4 ? "F" : "") + (result.InputGradient > 1e-4 ? "I" : "") + (result.WeightGradient > 1e-4 ? "W" : "");
            row.Append((flags.Length == 0 ? "." : flags).PadLeft(4));
        }
        Console.WriteLine(row);
    }
    Console.WriteLine("```");
}

Console.WriteLine();
Console.WriteLine("Tries off out of the tries made (output / input gradient / weight gradient), and the worst input-gradient error:");
Console.WriteLine();
Console.WriteLine("| shape | LibTorch directly | worst | through CpuSafeConvolution | worst |");
Console.WriteLine("|---|---|---:|---|---:|");
Shape[] listed =
[
    new(8, 64, 3, 5, 1, 14, 1), new(8, 64, 24, 5, 1, 14, 1), new(8, 64, 32, 5, 1, 14, 1), new(8, 24, 64, 5, 1, 14, 1),
    new(8, 64, 3, 1, 1, 14, 1), new(8, 24, 64, 1, 1, 14, 1), new(8, 48, 64, 1, 2, 14, 1),
    new(1, 32, 5, 3, 1, 16, 1), new(1, 24, 64, 3, 1, 14, 1), new(1, 48, 64, 3, 2, 14, 1),
    new(2, 3, 5, 3, 1, 9, 1), new(8, 3, 3, 11, 1, 32, 3), new(4, 24, 64, 3, 1, 14, 1), new(4, 48, 64, 3, 2, 16, 1),
    new(8, 64, 128, 3, 2, 56, 1), new(8, 64, 128, 3, 2, 32, 1), new(8, 128, 256, 3, 2, 28, 1), new(8, 128, 256, 3, 2, 16, 1),
    new(8, 256, 512, 3, 2, 14, 1), new(8, 256, 512, 3, 2, 8, 1), new(8, 512, 512, 3, 1, 7, 1), new(8, 512, 512, 3, 1, 4, 1),
    new(8, 64, 128, 1, 2, 56, 1), new(8, 256, 512, 1, 2, 14, 1), new(8, 512, 1024, 1, 2, 28, 1), new(8, 1024, 2048, 1, 2, 14, 1),
    new(8, 3, 64, 7, 2, 64, 1),
];
foreach (var shape in listed)
{
    // The strided 1x1 convolutions with 512 or more input channels are ResNet-50's shortcuts that kill the process.
    bool kills = shape.Kernel == 1 && shape.Stride > 1 && shape.In >= 512;
    string direct = kills ? "process killed (SIGFPE; 1x1 map below)" : "", directWorst = "";
    if (!kills) (direct, directWorst) = Probe.Tally(shape, tries, safe: false);
    var (safe, safeWorst) = Probe.Tally(shape, tries, safe: true);
    Console.WriteLine($"| {shape} | {direct} | {directWorst} | {safe} | {safeWorst} |");
}

Console.WriteLine();
Console.WriteLine("| convolution (batch 16) | oneDNN on, ms | oneDNN off, ms | off / on |");
Console.WriteLine("|---|---:|---:|---:|");
var timed = new[] { (64, 64, 56, 3, 1), (128, 128, 28, 3, 1), (256, 256, 14, 3, 1), (512, 512, 7, 3, 1), (256, 512, 14, 3, 2), (3, 64, 224, 7, 2) };
IntPtr context = OneDnnSwitch.GlobalContext();
foreach (var (inChannels, outChannels, side, kernel, stride) in timed)
{
    double Time(bool oneDnn)
    {
        OneDnnSwitch.SetUserEnabledMkldnn(context, oneDnn);
        using var scope = NewDisposeScope();
        var input = randn(16, inChannels, side, side, requires_grad: inChannels > 3);
        var weight = (randn(outChannels, inChannels, kernel, kernel) * 0.1).requires_grad_(true);
        nn.functional.conv2d(input, weight, strides: [stride, stride], padding: [kernel / 2, kernel / 2]).sum().backward(); // warm-up
        var clock = Stopwatch.StartNew();
        for (int r = 0; r < repeats; r++)
            nn.functional.conv2d(input, weight, strides: [stride, stride], padding: [kernel / 2, kernel / 2]).sum().backward();
        return clock.Elapsed.TotalMilliseconds / repeats;
    }
    double on = Time(true), off = Time(false);
    Console.WriteLine($"| {inChannels} -> {outChannels}, {kernel}x{kernel} stride {stride}, {side} px | {on:0.0} | {off:0.0} | {off / on:0.0} |");
}
OneDnnSwitch.SetUserEnabledMkldnn(context, true);
return 0;

/// <summary>One convolution: batch, channels, square kernel, stride, square input side, groups.</summary>
internal sealed record Shape(int Batch, int In, int Out, int Kernel, int Stride, int Side, int Groups)
{
    public override string ToString() =>
        $"{Batch} x {In} -> {Out}, {Kernel}x{Kernel} stride {Stride}, {Side} px{(Groups > 1 ? $", {Groups} groups" : "")}";
}

/// <summary>Relative errors of one float32 run against float64 (infinity when not finite).</summary>
internal readonly record struct Errors(double Output, double InputGradient, double WeightGradient);

internal static class Probe
{
    public static (string Counts, string Worst) Tally(Shape shape, int tries, bool safe)
    {
        int output = 0, input = 0, weight = 0;
        double worst = 0;
        for (int t = 0; t < tries; t++)
        {
            var result = Run(shape, safe);
            if (result.Output > 1e-4) output++;
            if (result.InputGradient > 1e-4) input++;
            if (result.WeightGradient > 1e-4) weight++;
            worst = Math.Max(worst, result.InputGradient);
        }
        return ($"{output} / {input} / {weight} of {tries}", Format(worst));
    }

    public static Errors Run(Shape s, bool safe)
    {
        using var scope = NewDisposeScope();
        long[] padding = [s.Kernel / 2, s.Kernel / 2], strides = [s.Stride, s.Stride];
        var x = randn(s.Batch, s.In, s.Side, s.Side, requires_grad: true);
        var w = (randn(s.Out, s.In / s.Groups, s.Kernel, s.Kernel) * 0.1).requires_grad_(true);
        var y = safe && s.Groups == 1
            ? CpuSafeConvolution.Conv2d(x, w, null, s.Stride, s.Kernel / 2)
            : nn.functional.conv2d(x, w, strides: strides, padding: padding, groups: s.Groups);
        var upstream = randn_like(y);
        y.backward([upstream]);
        var x64 = x.detach().to(float64).requires_grad_(true);
        var w64 = w.detach().to(float64).requires_grad_(true);
        var y64 = nn.functional.conv2d(x64, w64, strides: strides, padding: padding, groups: s.Groups);
        y64.backward([upstream.to(float64)]);
        return new Errors(Relative(y.detach(), y64.detach()), Relative(x.grad!, x64.grad!), Relative(w.grad!, w64.grad!));
    }

    public static string Format(double error) =>
        double.IsInfinity(error) ? "not finite" : error.ToString("0.##e0", CultureInfo.InvariantCulture);

    private static double Relative(Tensor single, Tensor reference) =>
        isfinite(single).all().item<bool>()
            ? (single.to(float64) - reference).abs().max().item<double>() / reference.abs().max().item<double>()
            : double.PositiveInfinity;
}

/// <summary>LibTorch's global oneDNN switch, which TorchSharp does not expose (C++ symbols of libtorch_cpu).</summary>
internal static class OneDnnSwitch
{
    [DllImport("libtorch_cpu.so", EntryPoint = "_ZN2at13globalContextEv")]
    public static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu.so", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    public static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
