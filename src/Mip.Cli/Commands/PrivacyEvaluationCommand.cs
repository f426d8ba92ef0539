using System.Globalization;
using Mip.Data;
using Mip.Evaluation.Tasks;
using Mip.IO;
using Mip.Learning.Training;
using Mip.Models;
using Mip.Runtime;
using Mip.Triggers;
using Mip.Workflows;
using Spectre.Console;

namespace Mip.Cli.Commands;

/// <summary>The four-task privacy evaluation of <c>mip eval --clean-model C --model M --tasks all</c>.</summary>
internal static class PrivacyEvaluationCommand
{
    public static int Run(EvalCommand.Settings settings)
    {
        var tasks = PrivacyTasks.Parse(settings.Tasks ?? "all");
        var rules = ParseRules(settings.Rules);
        var dataset = DatasetReaders.Open(settings.Data);
        IReadOnlyList<ImageRecord> images;
        string imagesName;
        if (settings.Split == "validation")
        {
            images = settings.ValidationClasses(dataset).Images;
            imagesName = $"{dataset.Name} validation classes (fraction {settings.ValidationFraction.ToString(CultureInfo.InvariantCulture)}, seed {settings.Seed})";
        }
        else
        {
            images = dataset.Test.Images;
            imagesName = $"{dataset.Name} test split";
        }
        var trigger = AdaptiveStrengthOptions.Wrap(settings.BuildTrigger(), settings.BuildTrigger, settings.ShiftModel, settings.MinShift, settings.Stronger);
        var device = TorchRuntime.ResolveDevice(settings.Device);

        var specs = new List<string>();
        if (settings.CleanModel is { } clean) specs.Add(clean);
        specs.AddRange(settings.Models.Where(m => m != settings.CleanModel));
        if (specs.Count == 0) specs.Add(ModelArgument.Pretrained);
        var models = new List<NamedModel>();
        try
        {
            foreach (var spec in specs)
            {
                // Every checkpoint is read before anything is computed, so a bad one fails the command at once.
                models.Add(ModelArgument.LoadNamed(spec, device, models, settings.InputSize, settings.Seed));
            }
            var facts = new List<KeyValuePair<string, string>> { new("data", $"{dataset.Name} at {dataset.Root}") };
            facts.AddRange(models.Select((m, i) => new KeyValuePair<string, string>($"model '{m.Name}'", specs[i])));
            facts.Add(new("date (UTC)", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
            var request = new PrivacyEvaluationRequest
            {
                Models = models,
                Reference = models[0].Name,
                Images = images,
                ImagesName = imagesName,
                Trigger = trigger,
                Tasks = tasks,
                Rules = rules,
                MixedFraction = settings.MixedFraction > 0 ? settings.MixedFraction : null,
                Seed = settings.KMeansSeed,
                FrozenStages = settings.FreezeStages + 1,
                CacheFolder = settings.CacheDir,
                OutputFolder = settings.Output,
                Facts = facts,
                Pictures = !settings.NoPictures,
                BatchSize = settings.BatchSize,
            };
            PrivacyReport report = null!;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context => report = PrivacyEvaluationWorkflow.Run(request, new SpectreProgress(context)));
            Console.Write(Mip.Evaluation.Reports.PrivacyReportWriter.FormatMarkdown(report));
            if (AdaptiveStrengthOptions.Summary(trigger) is { } adaptive) Console.WriteLine(adaptive);
            Console.WriteLine($"wrote report.md, report.json, report.csv, recall-*.png{(settings.NoPictures ? "" : ", tsne.png and top5.png")} to {settings.Output}");
            return 0;
        }
        finally
        {
            foreach (var m in models) m.Model.Dispose();
        }
    }

    private static IReadOnlyList<ExclusionRule> ParseRules(string text)
    {
        var rules = new List<ExclusionRule>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var rule = part.ToLowerInvariant() switch
            {
                "strict" => ExclusionRule.Strict,
                "paper" => ExclusionRule.Paper,
                _ => throw new MipInputException($"Unknown exclusion rule '{part}' in --rules: use strict, paper or both."),
            };
            if (!rules.Contains(rule)) rules.Add(rule);
        }
        if (rules.Count == 0) throw new MipInputException("--rules names no rule: use strict, paper or both.");
        return rules;
    }
}
