using System.Text.Json;
using Errand.Engine.Secrets;
using Errand.Journal;
using Errand.Json;
using Errand.Results;
using Errand.Secrets;

namespace Errand.Engine.Pipeline;

/// <summary>The secrets a spec names: read at prepare, injected into the sandbox, redacted from all the task writes.</summary>
internal static class TaskSecrets
{
    /// <summary>
    /// Reads the spec's secrets, starts redacting them from the task's journal, journals their names, and returns
    /// them as the sandbox's injected environment.
    /// </summary>
    /// <exception cref="SecretStoreException">A secret is missing or cannot be read: the task must not run.</exception>
    public static async Task<IReadOnlyDictionary<string, string>> InjectAsync(
        AttemptState state, ISecretSource? source, CancellationToken cancellationToken)
    {
        var names = state.Spec.Secrets.Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        // Fail closed on a reserved name that got past lint (a spec stored before the rule, a hand-made task): its
        // value would override HOME, PATH or the egress proxy in the sandbox.
        if (names.Select(SecretName.ReservedReason).FirstOrDefault(r => r is not null) is { } reserved)
        {
            throw new SecretStoreException($"the task names a secret that cannot be injected: {reserved}");
        }

        // Fail closed: a task that names a secret never runs without it, whatever the reason it cannot be had.
        if (source is null)
        {
            throw new SecretStoreException($"the task needs {string.Join(", ", names)}, but this worker has no secret store");
        }

        IReadOnlyDictionary<string, string> values;
        try
        {
            values = await source.GetAsync(names, cancellationToken);
        }
        catch (SecretStoreException e) when (e is not MissingSecretsException)
        {
            throw new SecretStoreException($"cannot read {string.Join(", ", names)}: {e.Message}", e);
        }

        var missing = names.Where(n => !values.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new MissingSecretsException(missing);
        }

        // SECRETS: the redactor is in place before the values go anywhere; the sandbox that could print them does
        // not exist yet.
        state.Journal.RedactWith(new SecretRedactor(values));
        await state.Journal.WriteAsync(JournalKinds.Secrets, $"secrets injected: {string.Join(", ", names)}",
            ErrandJson.Serialize(new { names }), cancellationToken);
        foreach (var name in names.Where(n => values[n].Length < SecretRedactor.MinimumLength))
        {
            await state.Journal.WriteAsync(JournalKinds.Warning,
                $"secret {name} is shorter than {SecretRedactor.MinimumLength} characters: it is injected but not redacted from output",
                null, cancellationToken);
        }

        return values;
    }

    /// <summary>
    /// The names of <paramref name="values"/> and the source's keyed digest of them (empty for none): what a warm
    /// environment built with these secrets is keyed by.
    /// </summary>
    public static async Task<string> DigestAsync(
        IReadOnlyDictionary<string, string> values, ISecretSource? source, CancellationToken cancellationToken)
    {
        if (values.Count == 0)
        {
            return "";
        }

        // InjectAsync has already failed the task when there are values but no source.
        ArgumentNullException.ThrowIfNull(source);
        var names = string.Join(',', values.Keys.Order(StringComparer.Ordinal));
        return $"{names}:{await source.DigestAsync(values, cancellationToken)}";
    }

    /// <summary>The report with every secret redacted from every field, present and future, through its JSON form.</summary>
    public static TaskResult Redact(TaskResult result, SecretRedactor redactor)
    {
        if (redactor.IsEmpty)
        {
            return result;
        }

        var json = ErrandJson.Serialize(result);
        var redacted = redactor.RedactJson(json);
        if (ReferenceEquals(json, redacted))
        {
            return result;
        }

        try
        {
            return ErrandJson.Deserialize<TaskResult>(redacted);
        }
        catch (JsonException)
        {
            // A secret of digits equal to one of the report's numbers turned that number into text. Such a report
            // cannot be stored as it is; its one-line summary can, and nothing of the secret goes with it.
            return new TaskResult { Summary = redactor.Redact(result.Summary ?? "") + " (report withheld: it matched a secret)" };
        }
    }
}
