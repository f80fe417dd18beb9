namespace Errand.Specs;

/// <summary>Resource limits inside the sandbox; null means the platform default.</summary>
public sealed record SandboxLimits
{
    /// <summary>Most processes.</summary>
    public int? Processes { get; init; }

    /// <summary>Most memory, in bytes.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>Largest file, in bytes.</summary>
    public long? FileSizeBytes { get; init; }

    /// <summary>CPU time.</summary>
    public TimeSpan? Cpu { get; init; }
}
