using System.ComponentModel;
using Mip.IO;
using Mip.Models;
using Mip.Retrieval;
using Mip.Runtime;
using Spectre.Console.Cli;

namespace Mip.Cli.Commands;

/// <summary>Options shared by the commands that embed images for a store: model, input size, device, store.</summary>
public class RetrievalSettings : CommandSettings
{
    public const string DefaultStore = "gallery.mipdb";

    [CommandOption("-m|--model <MODEL>")]
    [Description("A checkpoint file, or 'pretrained' for the ImageNet ResNet-18 with a fresh seeded 512-d head.")]
    [DefaultValue("pretrained")]
    public string Model { get; init; } = "pretrained";

    [CommandOption("--input-size <PIXELS>")]
    [Description("Input side for the pretrained model (default 224); checkpoints keep their own. Use the same value for index, search and serve.")]
    public int? InputSize { get; init; }

    [CommandOption("-s|--store <STORE>")]
    [Description("A SQLite store file (created when absent), or a PostgreSQL connection string such as 'Host=127.0.0.1;Port=5432;Username=u;Password=p;Database=d', optionally with ';Table=t'.")]
    [DefaultValue(DefaultStore)]
    public string Store { get; init; } = DefaultStore;

    [CommandOption("--device <DEVICE>")]
    [Description("cpu, cuda or cuda:N.")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    /// <summary>Loads the model this command embeds with.</summary>
    public ImageVectorizer LoadVectorizer()
    {
        var device = TorchRuntime.ResolveDevice(Device);
        if (InputSize is int size)
        {
            if (!string.Equals(Model, ModelArgument.Pretrained, StringComparison.OrdinalIgnoreCase))
                throw new MipInputException($"--input-size applies only to the pretrained model; the checkpoint '{Model}' fixes its own input size.");
            var options = new EmbeddingModelOptions { InputSize = size };
            options.Validate();
            var model = EmbeddingModelFactory.Create(options, device);
            model.eval();
            return new ImageVectorizer(model);
        }
        return new ImageVectorizer(ModelArgument.Load(Model, device));
    }
}
