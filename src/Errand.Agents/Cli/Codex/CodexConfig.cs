using System.Text;

namespace Errand.Agents.Cli.Codex;

/// <summary>The <c>config.toml</c> Errand writes into a task's <c>CODEX_HOME</c>: its one model provider, no retries, no outside traffic.</summary>
internal static class CodexConfig
{
    /// <summary>The variable the provider's key is read from (a placeholder: the relay holds the real key).</summary>
    public const string KeyVariable = "ERRAND_MODEL_KEY";

    public static string For(Uri modelUrl)
    {
        var text = new StringBuilder();
        text.AppendLine("model_provider = \"errand\"");
        text.AppendLine("check_for_update_on_startup = false");
        text.AppendLine();
        text.AppendLine("[analytics]");
        text.AppendLine("enabled = false");
        text.AppendLine();
        text.AppendLine("[model_providers.errand]");
        text.AppendLine("name = \"errand\"");
        text.AppendLine($"base_url = \"{modelUrl.AbsoluteUri.TrimEnd('/')}/v1\"");
        text.AppendLine("wire_api = \"responses\"");
        text.AppendLine($"env_key = \"{KeyVariable}\"");
        // The engine's budgets and verify rounds decide what happens after a failed call, not a retry loop in here.
        text.AppendLine("request_max_retries = 0");
        text.AppendLine("stream_max_retries = 0");
        return text.ToString();
    }
}
