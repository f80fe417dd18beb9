using Microsoft.Extensions.AI;

namespace Errand.Agents.Tools;

/// <summary>A tool the builtin agent offers the model. Errand runs it itself, between model turns.</summary>
internal interface IAgentTool
{
    string Name { get; }

    /// <summary>Name, description and JSON schema, as the model sees them.</summary>
    AIFunctionDeclaration Declaration { get; }

    /// <summary>Runs the call; a <see cref="ToolException"/> becomes an error result the model reads.</summary>
    Task<string> RunAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken);
}
