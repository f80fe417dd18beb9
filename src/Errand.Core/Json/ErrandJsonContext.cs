using System.Text.Json.Serialization;
using Errand.Results;
using Errand.Specs;

namespace Errand.Json;

/// <summary>
/// Compile-time metadata for the types a worker reads and writes with every task (its spec, its result), so they are
/// not read by reflection. <see cref="ErrandJson.Options"/> resolves them here and everything else by reflection; the
/// options stay the same, so the JSON does too.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TaskSpec))]
[JsonSerializable(typeof(TaskResult))]
internal sealed partial class ErrandJsonContext : JsonSerializerContext;
