using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Errand.Agents.Models;
using Errand.Agents.Tools;
using Errand.Specs;
using Microsoft.Extensions.AI;

namespace Errand.Agents.Builtin;

/// <summary>
/// The <c>builtin</c> agent: Errand's own tool-using loop over an <see cref="IChatClient"/>. Errand runs the tools
/// itself, one model turn at a time, and checkpoints the whole conversation after every turn's tools have run — so a
/// worker that dies mid-task is replaced by one that resumes from the last turn, repeating at most the one in flight.
/// </summary>
public sealed class BuiltinAgentRuntime : IAgentRuntime
{
    private readonly IChatClientFactory _models;
    private readonly BuiltinAgentOptions _options;
    private readonly AgentToolbox _toolbox = new();

    /// <summary>Makes the runtime; <paramref name="options"/> are validated here, once.</summary>
    public BuiltinAgentRuntime(IChatClientFactory models, BuiltinAgentOptions? options = null)
    {
        _models = models;
        _options = (options ?? new BuiltinAgentOptions()).Validated();
    }

    /// <inheritdoc/>
    public string Name => AgentNames.Builtin;

    /// <inheritdoc/>
    public async IAsyncEnumerable<AgentEvent> RunAsync(AgentRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (created, problem) = CreateClient(run);
        if (created is null)
        {
            yield return new AgentFailed(problem!);
            yield break;
        }

        using var client = ModelTelemetry.Instrument(created);
        var state = Start(run);
        if (state.Finished is { } done)
        {
            // Resumed after the finish call was checkpointed (the worker died during verify): the claim stands as made.
            yield return new AgentFinished(done);
            yield break;
        }

        var price = _models.PriceOf(run.Spec.Model!);
        var compactor = new ConversationCompactor(_options.ContextBudgetTokens(_models.ContextWindowOf(run.Spec.Model!)), _options.KeepRecentMessages);
        var files = new WorkspaceFiles(run.WorkspacePath);
        var chatOptions = new ChatOptions { Tools = _toolbox.DeclarationsFor(run.Spec), ToolMode = ChatToolMode.Auto };
        var idle = 0;

        // Stops a tool still running when the consumer walks away mid-turn (the engine stopped the attempt).
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            if (state.Pending is { } waiting)
            {
                if (run.Answer is not { } answer)
                {
                    // Resumed from a checkpoint that holds a question whose parking never landed (the worker died in
                    // between): ask it again rather than call the model without the answer.
                    yield return new AgentAsked(waiting.Question) { Timeout = waiting.Timeout };
                    yield break;
                }

                var result = new StrongBox<string>(HumanTurns.ResultFor(waiting, answer));
                if (HumanTurns.RunsHeldCommand(waiting, answer))
                {
                    await foreach (var e in RunToolAsync(waiting.Tool, waiting.CallId, waiting.ArgumentsJson, files, run.Sandbox, result, abandon.Token, cancellationToken))
                    {
                        yield return e;
                    }
                }

                yield return ToolOutcome.Of(waiting.Tool, waiting.ArgumentsJson, result.Value!);
                state = HumanTurns.Complete(state, waiting, result.Value!, answer);
                yield return new AgentCheckpoint(state.Step, BuiltinStateJson.Serialize(state));
            }

            while (true)
            {
                if (state.Step >= _options.MaxTurns)
                {
                    yield return new AgentFailed($"stopped after {state.Step} model turns without calling finish");
                    yield break;
                }

                state = compactor.Compact(state);
                var sent = ConversationMapper.ToChat(state.Messages);
                var (response, error) = await ModelTurnAsync(client, sent, chatOptions, cancellationToken);
                if (response is null)
                {
                    yield return new AgentFailed($"model call failed: {error}");
                    yield break;
                }

                var reply = ConversationMapper.FromResponse(response, state.Step + 1);
                var (input, output) = TurnCost.Tokens(response, sent);
                state = state with { Step = state.Step + 1, Messages = [.. state.Messages, reply], Context = Reported(response, state.Messages.Count + 1) };
                yield return new AgentTurn(input, output, TurnCost.Cost(response, price, input, output));
                foreach (var line in reply.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    yield return new AgentOutput("assistant", line);
                }

                var calls = reply.Calls.ToList();
                if (calls.Count == 0)
                {
                    if (++idle >= _options.MaxIdleTurns)
                    {
                        yield return new AgentFailed($"the model answered {idle} times in a row without calling a tool");
                        yield break;
                    }

                    state = state with { Messages = [.. state.Messages, ConversationMessage.FromUser(SystemPrompt.Nudge)] };
                    yield return new AgentCheckpoint(state.Step, BuiltinStateJson.Serialize(state));
                    continue;
                }

                idle = 0;
                var results = new List<ToolResultPart>();
                PendingQuestion? pending = null;
                string? finished = null;
                foreach (var call in calls)
                {
                    yield return new AgentToolCall(call.Name, call.ArgumentsJson);
                    var (hold, refusal) = pending is null ? HumanTurns.Intercept(call, run.Spec, state) : (null, HumanTurns.NotRunWhileWaiting(call.Name));
                    if (hold is not null)
                    {
                        pending = hold;
                        results.Add(new ToolResultPart(call.CallId, call.Name, "(waiting for a human)"));
                        continue;
                    }

                    var result = new StrongBox<string>(refusal ?? "");
                    if (refusal is null)
                    {
                        await foreach (var e in RunToolAsync(call.Name, call.CallId, call.ArgumentsJson, files, run.Sandbox, result, abandon.Token, cancellationToken))
                        {
                            yield return e;
                        }
                    }

                    yield return ToolOutcome.Of(call.Name, call.ArgumentsJson, result.Value!);
                    results.Add(new ToolResultPart(call.CallId, call.Name, result.Value!));
                    if (call.Name == FinishTool.ToolName && !result.Value!.StartsWith("error:", StringComparison.Ordinal))
                    {
                        finished = FinishTool.Summary(ToolArguments.Parse(call.ArgumentsJson));
                    }
                    else if (call.Name == ProposeSlicesTool.ToolName && !result.Value!.StartsWith("error:", StringComparison.Ordinal))
                    {
                        // A planner's summary is its proposal, which the engine reads back.
                        finished = ToolArguments.Parse(call.ArgumentsJson).String("slices");
                    }
                }

                if (pending is not null)
                {
                    // Held for a human: the turn's results wait in the checkpoint with the question, and the run ends
                    // here. The answer, on whichever worker resumes, completes the turn.
                    state = state with { Pending = pending with { Results = results } };
                    yield return new AgentCheckpoint(state.Step, BuiltinStateJson.Serialize(state));
                    yield return new AgentAsked(pending.Question) { Timeout = pending.Timeout };
                    yield break;
                }

                state = state with { Messages = [.. state.Messages, new ConversationMessage(ConversationMessage.Tool, [.. results])], Finished = finished };

                // The durability point: the engine snapshots the workspace and stores this state before asking for more.
                yield return new AgentCheckpoint(state.Step, BuiltinStateJson.Serialize(state)) { Final = finished is not null };
                if (finished is not null)
                {
                    yield return new AgentFinished(finished);
                    yield break;
                }
            }
        }
        finally
        {
            await abandon.CancelAsync();
        }
    }

    // Runs one call through the toolbox, streaming its output as it comes; the result is left in `result`.
    private async IAsyncEnumerable<AgentEvent> RunToolAsync(
        string tool, string callId, string argumentsJson, WorkspaceFiles files, Sandboxing.ISandbox sandbox, StrongBox<string> result, CancellationToken abandon,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = Channel.CreateUnbounded<AgentEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var context = new ToolContext(files, sandbox, _options, events.Writer);

        // Current while the tool starts, so the commands it runs in the sandbox are its children.
        using var span = ToolSpan.Start(tool, callId);
        var running = _toolbox.RunAsync(tool, argumentsJson, context, abandon);
        await foreach (var e in events.Reader.ReadAllAsync(cancellationToken))
        {
            yield return e;
        }

        result.Value = await running;
        ToolSpan.Ended(span, result.Value);
    }

    // What the provider counted of the prompt just sent and its reply; null when it reported no input tokens.
    private static ContextUsage? Reported(ChatResponse response, int messages) =>
        response.Usage?.InputTokenCount is { } input ? new ContextUsage(input + (response.Usage.OutputTokenCount ?? 0), messages) : null;

    private (IChatClient? Client, string? Problem) CreateClient(AgentRun run)
    {
        try
        {
            return (_models.Create(run.Spec.Model ?? "", run.WorkspacePath), null);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or FormatException)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>The conversation to continue: the checkpoint's, with a new round's verify feedback added, or a fresh one.</summary>
    private static BuiltinState Start(AgentRun run)
    {
        var state = BuiltinStateJson.TryDeserialize(run.ResumeFrom?.StateJson) ?? new BuiltinState
        {
            Messages =
            [
                new ConversationMessage(ConversationMessage.System, [new TextPart(SystemPrompt.For(run.Spec))]),
                ConversationMessage.FromUser(SystemPrompt.Instruction(run.Spec)),
            ],
        };

        if (run.FollowUp is { } next)
        {
            // The engine passes a follow-up only to a run whose checkpoint predates it, so it is added exactly once.
            return state with { Round = run.Round, Finished = null, Messages = [.. state.Messages, ConversationMessage.FromUser(SystemPrompt.FollowUp(next))] };
        }

        if (run.Round > state.Round)
        {
            // Added once: the round number goes into the state with it, so a resume of this round does not add it again.
            var feedback = run.VerifyFeedback is { Length: > 0 } f ? SystemPrompt.VerifyFeedback(run.Round, f) : SystemPrompt.Nudge;
            state = state with { Round = run.Round, Finished = null, Messages = [.. state.Messages, ConversationMessage.FromUser(feedback)] };
        }

        return state;
    }

    private async Task<(ChatResponse? Response, string? Error)> ModelTurnAsync(
        IChatClient client, List<ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var response = _options.Stream
                ? await client.GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken)
                : await client.GetResponseAsync(messages, options, cancellationToken);
            return (response, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return (null, ex.Message);
        }
    }
}
