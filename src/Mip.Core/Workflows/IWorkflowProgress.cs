namespace Mip.Workflows;

/// <summary>Receives a long run's stages and progress, so a console or a web page can show them.</summary>
public interface IWorkflowProgress
{
    /// <summary>A new stage begins; <paramref name="total"/> units of work, or 0 when unknown.</summary>
    void BeginStage(string name, double total);

    /// <summary>The current stage has done <paramref name="done"/> units.</summary>
    void Report(double done);

    /// <summary>The current stage is finished.</summary>
    void EndStage();
}

/// <summary>Discards progress.</summary>
public sealed class NoProgress : IWorkflowProgress
{
    public static readonly NoProgress Instance = new();
    public void BeginStage(string name, double total) { }
    public void Report(double done) { }
    public void EndStage() { }
}
