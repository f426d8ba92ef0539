namespace Mip.Bench.ExactSearch;

/// <summary>Command-line settings of the benchmark; the defaults are the SOP test split's size.</summary>
internal sealed record BenchOptions(int N, int Dim, int Classes, int K, int Block, int NaiveQueries, int Seed)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(N: 60_502, Dim: 512, Classes: 11_316, K: 1000, Block: 1024, NaiveQueries: 4000, Seed: 1);
        for (int i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], out int value) || value < 1)
                throw new ArgumentException($"Option {args[i]} needs a positive whole number after it.");
            options = args[i] switch
            {
                "--n" => options with { N = value },
                "--dim" => options with { Dim = value },
                "--classes" => options with { Classes = value },
                "--k" => options with { K = value },
                "--block" => options with { Block = value },
                "--naive-queries" => options with { NaiveQueries = value },
                "--seed" => options with { Seed = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}; use --n --dim --classes --k --block --naive-queries --seed."),
            };
            i++;
        }
        return options;
    }
}
