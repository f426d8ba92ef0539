using Mip.Cli;

namespace Mip.Tests.Cli;

[Collection(Mip.Tests.Triggers.ConsoleCollection.Name)]
/// <summary>Every command's help must render: Spectre treats brackets in descriptions as markup and fails at run time.</summary>
public class HelpTests
{
    public static TheoryData<string[]> Commands => new()
    {
        { new[] { "--help" } },
        { new[] { "demo", "--help" } },
        { new[] { "data", "inspect", "--help" } },
        { new[] { "data", "draw", "--help" } },
        { new[] { "embed", "--help" } },
        { new[] { "train", "--help" } },
        { new[] { "eval", "--help" } },
        { new[] { "index", "--help" } },
        { new[] { "search", "--help" } },
        { new[] { "store", "stats", "--help" } },
        { new[] { "serve", "--help" } },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void HelpRendersWithoutErrors(string[] args)
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(0, MipApp.Run(args));
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.Equal("", error.ToString());
    }
}
