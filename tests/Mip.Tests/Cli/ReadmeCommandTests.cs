using System.Text;
using Mip.Cli;

namespace Mip.Tests.Cli;

[Collection(Mip.Tests.Triggers.ConsoleCollection.Name)]
/// <summary>
/// Every `mip` command in the README's code blocks is parsed and validated exactly as written (a dry run: settings are
/// bound and checked, nothing executes), so a renamed option or a missing argument in the documentation fails CI.
/// `scripts/check-readme.sh` runs them for real, unchanged and in order, in a scratch folder with a small drawn stand-in for
/// the CUB subset (in its official layout).
/// </summary>
public sealed class ReadmeCommandTests
{
    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Mip.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Mip.slnx) is not above the test binaries.");
    }

    /// <summary>The README's commands: lines in ``` blocks starting with "mip " or "dotnet run ... -- ", joined over "\" continuations.</summary>
    public static IReadOnlyList<string[]> Commands()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var commands = new List<string[]>();
        bool inBlock = false;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { inBlock = !inBlock; continue; }
            if (!inBlock) continue;
            string text = StripComment(line).Trim();
            while (text.EndsWith('\\') && i + 1 < lines.Length) text = text[..^1] + " " + StripComment(lines[++i]).Trim();
            var words = Split(text);
            int dashes = words.IndexOf("--");
            if (words.Count > 0 && words[0] == "dotnet" && words.Contains("run") && dashes >= 0) commands.Add(words.Skip(dashes + 1).ToArray());
            else if (words.Count > 0 && words[0] == "mip") commands.Add(words.Skip(1).ToArray());
        }
        return commands;
    }

    public static TheoryData<string> CommandLines()
    {
        var data = new TheoryData<string>();
        // The README repeats some commands (e.g. demo, once as "dotnet run ... -- demo"); each distinct line is one case.
        foreach (var line in Commands().Select(c => string.Join(' ', c.Select(w => w.Contains(' ') ? $"'{w}'" : w))).Distinct())
            data.Add(line);
        return data;
    }

    [Fact]
    public void The_readme_documents_every_command_group()
    {
        var first = Commands().Select(c => c.Length > 0 ? c[0] : "").ToHashSet();
        foreach (var command in new[] { "demo", "data", "embed", "protect", "reveal", "quality", "trigger", "report", "train", "eval", "sweep", "index", "search", "store", "serve" })
            Assert.Contains(command, first);
    }

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void Each_readme_command_parses_and_validates(string commandLine)
    {
        var args = Split(commandLine).ToArray();
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.True(MipApp.Run(args, dryRun: true) == 0, $"mip {commandLine}: {error}");
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    [Theory]
    [InlineData("train --out runs/x")]
    [InlineData("eval --model pretrained --data d -o r --no-such-option")]
    [InlineData("demo --input-size 100")]
    public void A_dry_run_still_rejects_a_malformed_command(string commandLine)
    {
        var previous = Console.Error;
        Console.SetError(new StringWriter());
        try
        {
            Assert.NotEqual(0, MipApp.Run(Split(commandLine).ToArray(), dryRun: true));
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    private static string StripComment(string line)
    {
        bool single = false, dbl = false;
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '\'' && !dbl) single = !single;
            else if (line[i] == '"' && !single) dbl = !dbl;
            else if (line[i] == '#' && !single && !dbl && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
        }
        return line;
    }

    private static List<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool single = false, dbl = false, any = false;
        foreach (char c in text)
        {
            if (c == '\'' && !dbl) { single = !single; any = true; }
            else if (c == '"' && !single) { dbl = !dbl; any = true; }
            else if (char.IsWhiteSpace(c) && !single && !dbl)
            {
                if (any) words.Add(word.ToString());
                word.Clear();
                any = false;
            }
            else { word.Append(c); any = true; }
        }
        if (any) words.Add(word.ToString());
        return words;
    }
}
