using System.Globalization;
using Mip.Checkpoints;
using Mip.Data;
using Mip.IO;
using Mip.Learning.Training;

namespace Mip.Tests.Learning;

public class ValidationSplitTests
{
    // 20 classes of 5 images; labels 0-19.
    private static readonly ImageRecord[] Records =
        Enumerable.Range(0, 100).Select(i => new ImageRecord(i, $"/x/{i}.jpg", i % 20, $"c{i % 20}")).ToArray();

    private static CheckpointMetadata TrainedWith(double fraction, int seed, string dataset = "toy") => new()
    {
        Backbone = "resnet18-cntk", EmbeddingSize = 8, InputSize = 64, Method = "pbl", Dataset = dataset,
        Hyperparameters = new Dictionary<string, string>
        {
            ["valFraction"] = fraction.ToString("R", CultureInfo.InvariantCulture),
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
        },
    };

    [Fact]
    public void HoldsOutWholeClassesReproducibly()
    {
        var (train, validation) = ValidationSplit.Carve(Records, 0.2, 3);
        var (train2, _) = ValidationSplit.Carve(Records, 0.2, 3);
        Assert.Equal(4, validation.Select(r => r.Label).Distinct().Count());
        Assert.Empty(train.Select(r => r.Label).Intersect(validation.Select(r => r.Label)));
        Assert.Equal(100, train.Count + validation.Count);
        Assert.Equal(train.Select(r => r.Id), train2.Select(r => r.Id));
        Assert.Empty(ValidationSplit.Carve(Records, 0, 3).Validation);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 1)]
    public void Always_leaves_two_classes_to_train_on_and_holds_out_nothing_when_there_are_not_more(int classes, int held)
    {
        var records = Records.Where(r => r.Label < classes).ToArray();
        var (train, validation) = ValidationSplit.Carve(records, 0.2, 0);
        Assert.Equal(held, validation.Select(r => r.Label).Distinct().Count());
        Assert.Equal(records.Length, train.Count + validation.Count);
    }

    [Fact]
    public void A_larger_fraction_with_the_same_seed_holds_out_the_smaller_ones_classes_too()
    {
        var small = ValidationSplit.Carve(Records, 0.2, 0).Validation.Select(r => r.Label).ToHashSet();
        var large = ValidationSplit.Carve(Records, 0.4, 0).Validation.Select(r => r.Label).ToHashSet();
        Assert.Equal(8, large.Count);
        Assert.Subset(large, small);
        // So a model that held out 40% may be scored on the 20% split, which the check allows.
        ValidationSplit.RequireHeldOut(Records, "toy", 0.2, 0, TrainedWith(0.4, 0), "wide.ckpt");
        ValidationSplit.RequireHeldOut(Records, "toy", 0.4, 0, TrainedWith(0.4, 0), "same.ckpt");
    }

    [Theory]
    [InlineData(0.2, 0, 0.4, 0)]    // trained on half of the wider split's classes
    [InlineData(0.2, 0, 0.2, 1)]    // another seed draws other classes
    [InlineData(0.0, 0, 0.2, 0)]    // held nothing out
    public void A_model_that_trained_on_some_of_the_validation_classes_is_refused_by_name(double trainedFraction, int trainedSeed, double fraction, int seed)
    {
        var error = Assert.Throws<MipInputException>(() =>
            ValidationSplit.RequireHeldOut(Records, "toy", fraction, seed, TrainedWith(trainedFraction, trainedSeed), "runs/pbl/last.ckpt"));
        Assert.Contains("runs/pbl/last.ckpt", error.Message);
        Assert.Contains($"--val-fraction {trainedFraction.ToString("R", CultureInfo.InvariantCulture)} --seed {trainedSeed}", error.Message);
    }

    [Fact]
    public void Models_without_a_recorded_split_or_from_another_data_set_pass()
    {
        var pretrained = new CheckpointMetadata { Backbone = "resnet18-cntk", EmbeddingSize = 8, InputSize = 64 };
        ValidationSplit.RequireHeldOut(Records, "toy", 0.4, 0, pretrained, "imported.ckpt");
        ValidationSplit.RequireHeldOut(Records, "toy", 0.4, 0, TrainedWith(0.0, 0, dataset: "other"), "other.ckpt");
    }
}
