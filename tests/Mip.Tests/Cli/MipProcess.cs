using Mip.Cli;

namespace Mip.Tests.Cli;

/// <summary>Runs <c>mip</c> in-process with its standard error captured (tests of one console collection only).</summary>
internal static class MipProcess
{
    public static (int Code, string Error) Run(params string[] args)
    {
        var previous = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            return (MipApp.Run(args), error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }
}
