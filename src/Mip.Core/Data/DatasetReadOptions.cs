namespace Mip.Data;

/// <summary>Choices for reading a data set.</summary>
public sealed record DatasetReadOptions
{
    /// <summary>The defaults: half the classes for training, every listed image checked.</summary>
    public static DatasetReadOptions Default { get; } = new();

    /// <summary>
    /// For image folders (and only those, as the benchmark formats have fixed splits): the fraction of classes, in
    /// sorted class-name order, that go to training; the rest are the test split. Between 0 and 1.
    /// </summary>
    public double TrainFraction { get; init; } = 0.5;

    /// <summary>Check that every image an index lists exists (one <see cref="File.Exists"/> per image).</summary>
    public bool VerifyFiles { get; init; } = true;

    /// <summary>Throws a <see cref="DatasetException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (!(TrainFraction >= 0 && TrainFraction <= 1))
            throw new DatasetException($"The train fraction must be between 0 and 1; got {TrainFraction}.");
    }
}
