using Mip.Workflows;
using Spectre.Console;

namespace Mip.Cli;

/// <summary>Shows a workflow's stages as Spectre.Console progress bars.</summary>
public sealed class SpectreProgress(ProgressContext context) : IWorkflowProgress
{
    private ProgressTask? _current;

    public void BeginStage(string name, double total)
    {
        _current = context.AddTask(Markup.Escape(name), maxValue: total > 0 ? total : 1);
        if (total <= 0) _current.IsIndeterminate = true;
    }

    public void Report(double done)
    {
        if (_current is not null) _current.Value = done;
    }

    public void EndStage()
    {
        if (_current is null) return;
        _current.IsIndeterminate = false;
        _current.Value = _current.MaxValue;
        _current.StopTask();
    }
}
