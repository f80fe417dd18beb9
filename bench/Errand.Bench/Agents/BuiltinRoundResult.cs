namespace Errand.Bench.Agents;

/// <summary>One round of the builtin-agents scenario, measured inside the orchestrator process.</summary>
internal sealed record BuiltinRoundResult(
    int Tasks,
    int Succeeded,
    double WallSeconds,
    double TasksPerSecond,
    double BaselineRssMiB,
    double SteadyRssMiB,
    double PeakRssMiB,
    double PeakManagedMiB,
    int PeakThreads,
    int ModelCalls,
    double TurnOverheadP50Ms,
    double TurnOverheadP99Ms,
    double ModelCallP50Ms,
    double ModelCallP99Ms,
    double FirstTurnP50Ms,
    double FirstTurnP99Ms,
    double ModelDelayMs,
    double CpuMsPerTurn,
    double StorageWriteKiBPerTurn);
