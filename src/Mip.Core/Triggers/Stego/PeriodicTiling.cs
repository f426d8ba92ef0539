using static TorchSharp.torch;

namespace Mip.Triggers.Stego;

/// <summary>
/// The two halves of the periodic message layout: the encoder repeats a tile over the whole image from its top-left
/// corner, and the decoder averages a feature map over every position that shares a phase (x mod T, y mod T), so the
/// message is read from the whole image whatever its size.
/// </summary>
public static class PeriodicTiling
{
    /// <summary>Repeats [N, C, T, T] tiles to cover [N, C, height, width] (partial tiles at the right and bottom).</summary>
    public static Tensor Tile(Tensor tiles, long height, long width)
    {
        long t = tiles.shape[2];
        long rows = (height + t - 1) / t, columns = (width + t - 1) / t;
        using var scope = NewDisposeScope();
        Tensor repeated = tiles.repeat(1, 1, rows, columns);
        return repeated[.., .., ..(int)height, ..(int)width].MoveToOuterDisposeScope();
    }

    /// <summary>Averages [N, C, H, W] over tiles of side <paramref name="tileSize"/>: [N, C, T, T], each phase divided by how often it occurs.</summary>
    public static Tensor Fold(Tensor features, int tileSize)
    {
        long n = features.shape[0], c = features.shape[1], h = features.shape[2], w = features.shape[3];
        long rows = (h + tileSize - 1) / tileSize, columns = (w + tileSize - 1) / tileSize;
        using var scope = NewDisposeScope();
        long padBottom = rows * tileSize - h, padRight = columns * tileSize - w;
        Tensor padded = padBottom + padRight > 0 ? nn.functional.pad(features, [0, padRight, 0, padBottom]) : features;
        Tensor sums = padded.reshape(n, c, rows, tileSize, columns, tileSize).sum([2, 4]);
        Tensor counts = PhaseCounts(h, w, tileSize, features.device);
        return (sums / counts).MoveToOuterDisposeScope();
    }

    private static Tensor PhaseCounts(long h, long w, int t, Device device)
    {
        // How many image positions fall on each phase: full tiles plus the partial ones at the edges.
        var counts = new float[t * t];
        for (int y = 0; y < t; y++)
        {
            long ny = h / t + (y < h % t ? 1 : 0);
            for (int x = 0; x < t; x++)
            {
                long nx = w / t + (x < w % t ? 1 : 0);
                counts[y * t + x] = Math.Max(1, ny * nx);
            }
        }
        return tensor(counts, [1, 1, t, t]).to(device);
    }
}
