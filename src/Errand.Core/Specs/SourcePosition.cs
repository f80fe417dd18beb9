namespace Errand.Specs;

/// <summary>A place in a spec file.</summary>
/// <param name="Line">1-based line in the file.</param>
/// <param name="Column">1-based column.</param>
public readonly record struct SourcePosition(int Line, int Column);
