using System.Numerics;
using System.Runtime.InteropServices;
using Mip.Evaluation.Search;
using TorchSharp;
using static TorchSharp.torch;

namespace Mip.Evaluation.Metrics;

/// <summary>
/// k-means++ seeding (Arthur and Vassilvitskii 2007): the first centre uniform, each next one drawn with probability
/// proportional to its squared distance to the nearest centre chosen so far.
/// </summary>
/// <remarks>
/// Done plainly, every centre costs one pass over all points, which is memory-bound and makes 11,316 centres over
/// 60,502 x 512 points take many minutes. Here the distances to new centres are applied to all points in batches, by
/// one matrix product per batch, and in between each centre is drawn exactly by rejection sampling: propose a point
/// with probability proportional to its stale weight (its distance before the pending centres), accept it with
/// probability true weight / stale weight, where the true weight also takes the pending centres into account.
/// The true weight never exceeds the stale one, so the accepted point follows the k-means++ distribution exactly.
/// </remarks>
internal static class KMeansPlusPlus
{
    // Pending centres applied per batch: a [N, 256] distance block is 62 MB at SOP size.
    private const int MaxPending = 256;

    // A draw needing more proposals than this means the stale weights overstate the true ones badly: refresh after it.
    private const int ProposalsBeforeRefresh = 8;

    // Within one draw, refresh at once after this many rejected proposals.
    private const int ProposalsBeforeForcedRefresh = 64;

    /// <summary>Rows of <paramref name="x"/> ([N, D], CPU float32, contiguous) chosen as the initial centres.</summary>
    public static long[] ChooseCentres(Tensor x, int clusters, Random random)
    {
        var state = new State(x);
        var chosen = new long[clusters];
        chosen[0] = random.Next(state.Count);
        state.Pending.Add((int)chosen[0]);
        state.Refresh();
        for (int c = 1; c < clusters; c++)
        {
            int next = state.Draw(random, out int proposals);
            chosen[c] = next;
            state.Pending.Add(next);
            if (state.Pending.Count >= MaxPending || proposals > ProposalsBeforeRefresh) state.Refresh();
        }
        return chosen;
    }

    private sealed class State
    {
        private readonly Tensor _x;
        private readonly float[] _points;
        private readonly int _dimension;
        private readonly float[] _staleWeights;
        private readonly double[] _cumulative;
        private double _total;

        public State(Tensor x)
        {
            _x = x;
            Count = (int)x.shape[0];
            _dimension = (int)x.shape[1];
            _points = new float[(long)Count * _dimension];
            MemoryMarshal.Cast<byte, float>(x.bytes).CopyTo(_points);
            _staleWeights = new float[Count];
            Array.Fill(_staleWeights, float.PositiveInfinity);
            _cumulative = new double[Count];
        }

        public int Count { get; }

        /// <summary>Chosen centres whose distances are not yet in the stale weights.</summary>
        public List<int> Pending { get; } = [];

        /// <summary>Draws the next centre from the exact k-means++ distribution.</summary>
        public int Draw(Random random, out int proposals)
        {
            proposals = 0;
            while (true)
            {
                if (_total <= 0)
                {
                    if (Pending.Count > 0) { Refresh(); continue; }
                    // Every point coincides with a centre already: any point will do.
                    return random.Next(Count);
                }
                if (proposals > ProposalsBeforeForcedRefresh && Pending.Count > 0)
                {
                    Refresh();
                    proposals = 0;
                    continue;
                }
                proposals++;
                int candidate = Propose(random.NextDouble() * _total);
                float stale = _staleWeights[candidate];
                float current = Math.Min(stale, NearestPendingSquaredDistance(candidate));
                if (random.NextDouble() * stale < current) return candidate;
            }
        }

        /// <summary>Folds the pending centres into the weights with one [N, pending] distance block.</summary>
        public void Refresh()
        {
            if (Pending.Count == 0) return;
            using (var scope = NewDisposeScope())
            {
                using var rows = tensor(Pending.Select(p => (long)p).ToArray(), dtype: ScalarType.Int64);
                var centres = _x.index_select(0, rows);
                var distances = SquaredDistances.Block(_x, centres.t(), SquaredDistances.GalleryNormsRow(centres));
                var nearest = distances.min(1).values.contiguous();
                var span = MemoryMarshal.Cast<byte, float>(nearest.bytes);
                for (int i = 0; i < Count; i++)
                    if (span[i] < _staleWeights[i]) _staleWeights[i] = span[i];
            }
            // A centre's distance to itself is 0; rounding in the matrix product may leave a tiny positive value.
            foreach (int centre in Pending) _staleWeights[centre] = 0;
            Pending.Clear();
            double running = 0;
            for (int i = 0; i < Count; i++)
            {
                running += _staleWeights[i];
                _cumulative[i] = running;
            }
            _total = running;
        }

        /// <summary>The first point whose cumulative stale weight exceeds <paramref name="target"/> (so its own weight is positive).</summary>
        private int Propose(double target)
        {
            int low = 0, high = Count - 1;
            while (low < high)
            {
                int middle = low + (high - low) / 2;
                if (_cumulative[middle] > target) high = middle;
                else low = middle + 1;
            }
            return low;
        }

        private float NearestPendingSquaredDistance(int point)
        {
            float nearest = float.PositiveInfinity;
            var row = _points.AsSpan(point * _dimension, _dimension);
            foreach (int centre in Pending)
                nearest = Math.Min(nearest, SquaredDistance(row, _points.AsSpan(centre * _dimension, _dimension)));
            return nearest;
        }

        private static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            var sum = Vector<float>.Zero;
            int i = 0;
            for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var difference = new Vector<float>(a[i..]) - new Vector<float>(b[i..]);
                sum += difference * difference;
            }
            float total = Vector.Sum(sum);
            for (; i < a.Length; i++) total += (a[i] - b[i]) * (a[i] - b[i]);
            return total;
        }
    }
}
