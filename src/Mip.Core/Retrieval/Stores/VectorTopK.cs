using System.Numerics;
using System.Runtime.InteropServices;

namespace Mip.Retrieval.Stores;

/// <summary>Exact k-nearest rows of a row-major float matrix by Euclidean distance, ties by ascending row.</summary>
public static class VectorTopK
{
    /// <summary>Rows of the <paramref name="rows"/> x <paramref name="dimension"/> matrix nearest to <paramref name="query"/>, with distances.</summary>
    public static (int Row, float Distance)[] Nearest(ReadOnlySpan<float> matrix, int rows, int dimension, ReadOnlySpan<float> query, int k)
    {
        if (query.Length != dimension) throw new ArgumentException($"The query has {query.Length} values, the matrix rows have {dimension}.", nameof(query));
        k = Math.Min(k, rows);
        if (k <= 0) return [];
        // A max-heap of the k best so far: the root is the worst kept row, replaced when a nearer row turns up.
        var heap = new PriorityQueue<int, (float Distance, int Row)>(k, WorstFirst.Instance);
        for (int r = 0; r < rows; r++)
        {
            float d = SquaredDistance(matrix.Slice(r * dimension, dimension), query);
            if (heap.Count < k) heap.Enqueue(r, (d, r));
            else if (heap.TryPeek(out _, out var worst) && (d < worst.Distance || (d == worst.Distance && r < worst.Row)))
                heap.EnqueueDequeue(r, (d, r));
        }
        var result = new (int Row, float Distance)[heap.Count];
        for (int i = result.Length - 1; i >= 0; i--)
        {
            heap.TryDequeue(out int row, out var key);
            result[i] = (row, MathF.Sqrt(key.Distance));
        }
        return result;
    }

    /// <summary>Sum of squared differences, vectorised.</summary>
    public static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        int width = Vector<float>.Count, i = 0;
        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        for (int v = 0; v < va.Length && v < vb.Length; v++)
        {
            var diff = va[v] - vb[v];
            sum += diff * diff;
        }
        i = Math.Min(va.Length, vb.Length) * width;
        float total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            float diff = a[i] - b[i];
            total += diff * diff;
        }
        return total;
    }

    private sealed class WorstFirst : IComparer<(float Distance, int Row)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((float Distance, int Row) x, (float Distance, int Row) y)
        {
            int byDistance = y.Distance.CompareTo(x.Distance);
            return byDistance != 0 ? byDistance : y.Row.CompareTo(x.Row);
        }
    }
}
