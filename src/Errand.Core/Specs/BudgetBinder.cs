using YamlDotNet.RepresentationModel;

namespace Errand.Specs;

/// <summary>Binds <c>budget: { time, steps, tokens, cost }</c>.</summary>
internal static class BudgetBinder
{
    private static readonly IReadOnlyList<string> Fields = ["time", "steps", "tokens", "cost"];

    public static BudgetSpec Bind(YamlNode node, FieldReader reader)
    {
        var budget = new BudgetSpec();
        foreach (var (key, value) in reader.Mapping(node, "budget", Fields, "{ time: 30m, steps: 80, tokens: 400k, cost: 2.00 }") ?? [])
        {
            budget = key switch
            {
                "time" => budget with { Time = reader.Duration(value, "budget.time") },
                "steps" => budget with { Steps = reader.Number(value, "budget.steps", 1, int.MaxValue) },
                "tokens" => budget with { Tokens = Tokens(value, reader) },
                _ => budget with { Cost = Cost(value, reader) },
            };
        }

        return budget;
    }

    private static long? Tokens(YamlNode node, FieldReader reader)
    {
        if (reader.String(node, "budget.tokens", "a token count such as 400k") is not { } text)
        {
            return null;
        }

        if (TokenCountParser.TryParse(text, out var tokens, out var problem))
        {
            return tokens;
        }

        reader.Context.Error(SpecCodes.BadTokenCount, node, "budget.tokens", $"budget.tokens '{YamlNodes.Shorten(text)}' {problem}");
        return null;
    }

    private static decimal? Cost(YamlNode node, FieldReader reader)
    {
        if (reader.String(node, "budget.cost", "an amount of dollars such as 2.00") is not { } text)
        {
            return null;
        }

        if (CostParser.TryParse(text, out var cost, out var problem))
        {
            return cost;
        }

        reader.Context.Error(SpecCodes.BadCost, node, "budget.cost", $"budget.cost '{YamlNodes.Shorten(text)}' {problem}");
        return null;
    }
}
