using Errand.Notifications.Rendering;
using Errand.Questions;

namespace Errand.Notifications.Tests.Support;

/// <summary>Notifications as the engine writes them.</summary>
internal static class Payloads
{
    public static readonly DateTimeOffset At = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static readonly Uri PublicUrl = new("https://errand.example.com/");

    public static NotificationPayload Succeeded(long taskId = 42, string title = "Fix the login bug") => new(NotificationEvents.Succeeded, title, At)
    {
        TaskId = taskId,
        State = "succeeded",
        Summary = "Fixed the null check in LoginController",
        Branch = "errand/42-fix-login",
        CostUsd = 0.42m,
    };

    public static NotificationPayload Failed(long taskId = 42) => new(NotificationEvents.Failed, "Fix the login bug", At)
    {
        TaskId = taskId,
        State = "failed",
        Reason = "check 'tests' failed: 3 of 120 tests failed",
    };

    public static NotificationPayload NeedsInput(long taskId = 42) => new(NotificationEvents.NeedsInput, "Upgrade the ORM", At)
    {
        TaskId = taskId,
        State = "waiting_for_human",
        Question = new Question(QuestionKinds.Ask, "Drop the legacy tables?")
        {
            Options = ["yes", "no", "later"],
            Default = "no",
            Deadline = At.AddHours(4),
        },
    };

    public static Notification Of(NotificationPayload payload, string deliveryId = "task-42/succeeded/7/hook") =>
        Notification.Create(deliveryId, payload, PublicUrl);
}
