using Errand.Tasks;

namespace Errand.Dependencies;

/// <summary>
/// The edges between the tasks of one batch. A batch is the only place a cycle can form: a task's prerequisites are fixed
/// when it is accepted and are older tasks or members of its batch, so a cycle through tasks already stored cannot exist.
/// </summary>
public static class BatchGraph
{
    /// <summary>A cycle among <paramref name="edges"/> (each node's prerequisites in the batch), as its nodes in order with the first repeated at the end; null when there is none.</summary>
    public static IReadOnlyList<int>? FindCycle(IReadOnlyList<IReadOnlyList<int>> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        // 0 unvisited, 1 on the current path, 2 done. Iterative, so a long chain cannot overflow the stack.
        var mark = new byte[edges.Count];
        var path = new List<int>();
        for (var start = 0; start < edges.Count; start++)
        {
            if (mark[start] != 0)
            {
                continue;
            }

            var stack = new Stack<(int Node, int Next)>();
            stack.Push((start, 0));
            mark[start] = 1;
            path.Add(start);
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < edges[node].Count)
                {
                    stack.Push((node, next + 1));
                    var to = edges[node][next];
                    if (mark[to] == 1)
                    {
                        return [.. path[path.IndexOf(to)..], to];
                    }

                    if (mark[to] == 0)
                    {
                        mark[to] = 1;
                        path.Add(to);
                        stack.Push((to, 0));
                    }

                    continue;
                }

                mark[node] = 2;
                path.RemoveAt(path.Count - 1);
            }
        }

        return null;
    }

    /// <summary>
    /// Checks a batch before a store writes it: every task complete, every in-batch ref in range and no cycle. Throws
    /// <see cref="ArgumentException"/> naming the problem; returns the in-batch edges.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<int>> Check(IReadOnlyList<NewTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var edges = new List<IReadOnlyList<int>>(tasks.Count);
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            ArgumentNullException.ThrowIfNull(task);
            ArgumentNullException.ThrowIfNull(task.Title);
            ArgumentNullException.ThrowIfNull(task.SpecJson);
            ArgumentNullException.ThrowIfNull(task.Events);
            ArgumentNullException.ThrowIfNull(task.After);
            ArgumentOutOfRangeException.ThrowIfLessThan(task.MaxAttempts, 1);
            var inBatch = new List<int>();
            foreach (var prerequisite in tasks[i].After)
            {
                if (prerequisite is { BatchIndex: { } index })
                {
                    if (index < 0 || index >= tasks.Count)
                    {
                        throw new ArgumentException($"task {i} of the batch waits for task {index}, which is not in the batch", nameof(tasks));
                    }

                    inBatch.Add(index);
                }
                else if (prerequisite is not { TaskId: > 0 })
                {
                    throw new ArgumentException($"task {i} of the batch has a prerequisite that names no task", nameof(tasks));
                }
            }

            edges.Add(inBatch);
        }

        if (FindCycle(edges) is { } cycle)
        {
            throw new ArgumentException($"the batch's prerequisites form a cycle: {string.Join(" → ", cycle.Select(n => tasks[n].Name ?? tasks[n].Title))}", nameof(tasks));
        }

        return edges;
    }
}
