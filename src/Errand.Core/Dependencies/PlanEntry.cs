using Errand.Specs;

namespace Errand.Dependencies;

/// <summary>One spec of a batch to submit, with where it came from (for diagnostics).</summary>
/// <param name="Spec">The parsed spec.</param>
/// <param name="File">The spec's file, as diagnostics name it.</param>
/// <param name="Positions">Where each field was written (<see cref="SpecParseResult.Positions"/>).</param>
public sealed record PlanEntry(TaskSpec Spec, string File, IReadOnlyDictionary<string, SourcePosition> Positions);
