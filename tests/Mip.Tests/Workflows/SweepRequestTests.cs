using Mip.Data;
using Mip.Learning.Objectives;
using Mip.Learning.Training;
using Mip.Models;
using Mip.Triggers;
using Mip.Workflows;

namespace Mip.Tests.Workflows;

public sealed class SweepRequestTests
{
    private static SweepRequest Request(SweepKind kind, TrainingMethod method, params double[] values) => new()
    {
        Kind = kind,
        Values = values,
        Method = method,
        Dataset = new Dataset(DatasetKind.ImageFolder, "none", "/nowhere", [new DatasetSplit(DatasetSplit.TrainName, []), new DatasetSplit(DatasetSplit.TestName, [])]),
        EvaluationImages = [],
        EvaluationName = "nothing",
        ModelOptions = new EmbeddingModelOptions(),
        TrainerOptions = new TrainerOptions(),
        BaseSettings = new BackdoorSettings { PoisonRatio = 0.5, Beta = 1, Gamma = 3, Lambda = 2 },
        Trigger = new BadNetsTrigger(),
        OutputFolder = "/nowhere",
    };

    [Fact]
    public void Each_single_knob_sweep_changes_only_its_own_setting()
    {
        var basis = new BackdoorSettings { PoisonRatio = 0.5, Beta = 1, Gamma = 3, Lambda = 2 };
        Assert.Equal([basis with { Beta = 0.5 }, basis with { Beta = 2 }], Request(SweepKind.Beta, TrainingMethod.Pbl, 0.5, 2).Points().Select(p => p.Settings));
        Assert.Equal([basis with { Gamma = 5 }], Request(SweepKind.Gamma, TrainingMethod.Pbl, 5).Points().Select(p => p.Settings));
        Assert.Equal([basis with { Lambda = 0.5 }], Request(SweepKind.Lambda, TrainingMethod.Cbl, 0.5).Points().Select(p => p.Settings));
        Assert.Equal([basis with { PrivacyMargin = 1 }], Request(SweepKind.PrivacyMargin, TrainingMethod.Cbl, 1).Points().Select(p => p.Settings));
        Assert.Equal([basis with { CentreWeight = 2 }], Request(SweepKind.CentreWeight, TrainingMethod.Pbl, 2).Points().Select(p => p.Settings));
        Assert.Equal([basis with { DecorrelationWeight = 1 }], Request(SweepKind.DecorrelationWeight, TrainingMethod.Pbl, 1).Points().Select(p => p.Settings));
        Assert.Equal(["privacy-margin=0.25", "privacy-margin=1"],
            Request(SweepKind.PrivacyMargin, TrainingMethod.Pbl, 0.25, 1).Points().Select(p => p.Name));
    }

    [Theory]
    [InlineData(SweepKind.Lambda, TrainingMethod.Pbl)]
    [InlineData(SweepKind.Gamma, TrainingMethod.Cbl)]
    [InlineData(SweepKind.CentreWeight, TrainingMethod.Cbl)]
    [InlineData(SweepKind.DecorrelationWeight, TrainingMethod.Cbl)]
    [InlineData(SweepKind.Weights, TrainingMethod.Cbl)]
    public void A_sweep_of_a_setting_the_method_lacks_is_refused_before_anything_is_written(SweepKind kind, TrainingMethod method)
    {
        using var dir = new TempDir();
        var request = Request(kind, method, 1) with { OutputFolder = dir.File("sweep") };
        var error = Assert.Throws<Mip.IO.MipInputException>(() => SweepWorkflow.Run(request));
        Assert.Contains(kind.Name(), error.Message);
        Assert.False(Directory.Exists(dir.File("sweep")));
    }

    [Fact]
    public void A_negative_margin_is_refused_by_its_point()
    {
        using var dir = new TempDir();
        var request = Request(SweepKind.PrivacyMargin, TrainingMethod.Pbl, 0.5, -1) with { OutputFolder = dir.File("sweep") };
        var error = Assert.Throws<Mip.IO.MipInputException>(() => SweepWorkflow.Run(request));
        Assert.Contains("privacy-margin=-1", error.Message);
        Assert.False(Directory.Exists(dir.File("sweep")));
    }

    [Fact]
    public void Every_kind_has_a_command_line_name_that_leads_back_to_it()
    {
        foreach (var kind in Enum.GetValues<SweepKind>()) Assert.Equal(kind, SweepKinds.ByName[kind.Name()]);
    }
}
