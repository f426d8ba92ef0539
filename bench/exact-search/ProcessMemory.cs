namespace Mip.Bench.ExactSearch;

/// <summary>Resident-set figures of this process from /proc/self/status (Linux), in bytes.</summary>
internal static class ProcessMemory
{
    /// <summary>Current resident set (VmRSS).</summary>
    public static long Resident() => Read("VmRSS:");

    /// <summary>Peak resident set since start or since the last <see cref="TryResetPeak"/> (VmHWM).</summary>
    public static long Peak() => Read("VmHWM:");

    /// <summary>
    /// Resets VmHWM to the current resident set by writing 5 to /proc/self/clear_refs, so each phase's peak is its
    /// own. Returns false when the kernel refuses; the peak then also covers earlier phases.
    /// </summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>MemTotal of the machine.</summary>
    public static long MachineTotal() => Read("MemTotal:", "/proc/meminfo");

    private static long Read(string key, string file = "/proc/self/status")
    {
        foreach (string line in File.ReadLines(file))
        {
            if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
            string[] parts = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[0]) * 1024; // the kernel reports kB
        }
        throw new InvalidOperationException($"{key} not found in {file}.");
    }
}
