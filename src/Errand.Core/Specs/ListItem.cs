using YamlDotNet.RepresentationModel;

namespace Errand.Specs;

/// <summary>One string of a string-or-list field, with where it was written.</summary>
/// <param name="Value">The text.</param>
/// <param name="Node">The YAML node, for positions.</param>
/// <param name="Path">The field path to report: <c>protect[2]</c>, or <c>protect</c> for the one-string form.</param>
internal readonly record struct ListItem(string Value, YamlNode Node, string Path);
