using System.ComponentModel;
using System.Security.Cryptography;
using Mip.Retrieval.Stores;
using Mip.Service;
using Microsoft.Extensions.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

public sealed class ServeCommand : Command<ServeCommand.Settings>
{
    public const string ApiKeyVariable = "MIP_API_KEY";

    public sealed class Settings : RetrievalSettings
    {
        [CommandOption("--url <URL>")]
        [Description("Address to listen on.")]
        [DefaultValue("http://127.0.0.1:5080")]
        public string Url { get; init; } = "http://127.0.0.1:5080";

        [CommandOption("--api-key <KEY>")]
        [Description("Key for requests that change the gallery (X-Api-Key header). Default: $MIP_API_KEY, else a random key printed at start.")]
        public string? ApiKey { get; init; }

        [CommandOption("--max-upload-mb <MB>")]
        [Description("Largest accepted upload.")]
        [DefaultValue(10.0)]
        public double MaxUploadMb { get; init; } = 10.0;

        [CommandOption("--trigger <NAME>")]
        [Description("Trigger of the \"protect my photo\" action: stego (the learned invisible one), badnets, blended, blended-patch or blended-image.")]
        [DefaultValue("stego")]
        public string Trigger { get; init; } = "stego";

        [CommandOption("--trigger-strength <DB>")]
        [Description("Strength of the stego trigger as the target PSNR in dB (the benchmark's models were trained at 31).")]
        [DefaultValue(Mip.Triggers.Stego.StegoModel.DefaultPsnr)]
        public double TriggerStrength { get; init; } = Mip.Triggers.Stego.StegoModel.DefaultPsnr;

        [CommandOption("--min-shift <D>")]
        [Description("Adaptive strength (not in the paper): a protected copy the served model moves less than D is remade at the next --stronger strength.")]
        public double? MinShift { get; init; }

        [CommandOption("--stronger <DB,...>")]
        [Description("Adaptive strength: stego strengths tried in turn after --trigger-strength, strongest last (default 29,27).")]
        public string? Stronger { get; init; }

        public override ValidationResult Validate() =>
            MaxUploadMb is <= 0 or > 1024 ? ValidationResult.Error("--max-upload-mb must be between 0 and 1024.") : ValidationResult.Success();
    }

    private static Mip.Triggers.ITrigger CreateTrigger(string name, double psnr)
    {
        try
        {
            return Mip.Triggers.TriggerCatalog.Create(name, new Mip.Triggers.TriggerSettings { Psnr = psnr });
        }
        catch (Mip.Checkpoints.CheckpointException e) when (!File.Exists(e.CheckpointPath))
        {
            throw new Mip.IO.MipInputException(
                $"The learned trigger's weights are not installed ({e.CheckpointPath}). Train them with 'mip trigger train', " +
                "or serve with --trigger badnets or --trigger blended.", e);
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        // The protect action checks its copies with the model it serves: the tuned one.
        if (settings.Stronger is not null && settings.MinShift is null)
            throw new Mip.IO.MipInputException("--stronger needs --min-shift: the strengths are tried only for copies the served model moves less than it.");
        if (settings.MinShift is not null && string.Equals(settings.Model, ModelArgument.Pretrained, StringComparison.OrdinalIgnoreCase))
            throw new Mip.IO.MipInputException("--min-shift checks protected copies with the served model, so --model must be a tuned checkpoint, not 'pretrained'.");
        var faintest = CreateTrigger(settings.Trigger, settings.TriggerStrength);
        var vectorizer = settings.LoadVectorizer();
        var trigger = AdaptiveStrengthOptions.Wrap(faintest, psnr => CreateTrigger(settings.Trigger, psnr),
            settings.MinShift is null ? null : settings.Model, settings.MinShift, settings.Stronger, vectorizer);
        using var store = EmbeddingStores.Open(settings.Store, vectorizer.Dimension);
        string? key = settings.ApiKey ?? Environment.GetEnvironmentVariable(ApiKeyVariable);
        bool generated = string.IsNullOrEmpty(key);
        if (generated) key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var options = new MipServiceOptions { ApiKey = key!, Url = settings.Url, MaxUploadBytes = (long)(settings.MaxUploadMb * 1024 * 1024) };
        var protector = new Mip.Service.Protection.TriggerProtector(trigger);
        var app = MipServer.Build(options, store, vectorizer, protector);
        app.Start();
        var stats = store.Stats();
        Console.WriteLine($"Serving {stats.Count} images from the {stats.Kind} store {stats.Location} at {MipServer.ListeningAddress(app)}");
        Console.WriteLine(generated ? $"API key (generated; set {ApiKeyVariable} or --api-key to choose one): {key}" : "API key: as configured");
        Console.WriteLine($"Protect action: trigger {protector.Id}");
        Console.WriteLine($"OpenAPI description: {MipServer.ListeningAddress(app)}/openapi/v1.json");
        app.WaitForShutdown();
        return 0;
    }
}
