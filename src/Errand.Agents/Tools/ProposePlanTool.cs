using System.Text.Json;
using Errand.Questions;
using Microsoft.Extensions.AI;

namespace Errand.Agents.Tools;

/// <summary>
/// <c>propose_plan</c>, offered with <c>plan: approve</c>: the agent's plan goes to a human, who approves it, rejects it
/// or sends back an edited one. Until a plan is approved the agent may read but not change anything.
/// </summary>
internal static class ProposePlanTool
{
    public const string ToolName = "propose_plan";

    public static AIFunctionDeclaration Declaration { get; } = AIFunctionFactory.CreateDeclaration(
        ToolName,
        "Propose your plan to a human before changing anything. They approve it, reject it, or send back an edited plan; the task pauses until they answer. Until a plan is approved you can only read, list and search.",
        JsonDocument.Parse("""
        {"type":"object","properties":{
          "plan":{"type":"string","description":"The steps you will take, which files you will change, and how you will check the result"}},
         "required":["plan"]}
        """).RootElement);

    public static Question Read(ToolArguments arguments)
    {
        var plan = arguments.String("plan").Trim();
        if (plan.Length == 0)
        {
            throw new ToolException("the plan is empty");
        }

        return new Question(QuestionKinds.Plan, "Approve this plan? Answer approve, reject, or send an edited plan.")
        {
            Options = [QuestionAnswers.Approve, QuestionAnswers.Reject],
            Subject = plan,
        };
    }
}
