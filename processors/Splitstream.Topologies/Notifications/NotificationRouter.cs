using Splitstream.Schemas.V1;
using Splitstream.Streams;

namespace Splitstream.Processors.Notifications;

/// <summary>
/// Re-keys finished activity summaries (keyed by activity) by user id, so one task of the notifications topology holds
/// everything of its users. Stateless: a duplicate or a corrected summary is re-sent and the tracker sorts it out.
/// </summary>
internal sealed class NotificationRouter : IProcessor<string, ActivitySummary>
{
    private IProcessorContext context = null!;

    public void Init(IProcessorContext context) => this.context = context;

    public void Process(Record<string, ActivitySummary> record)
    {
        if (record.Value.Status == Splitstream.Schemas.ActivityStatus.Finished && record.Value.UserId.Length > 0)
        {
            context.Forward(record.With(record.Value.UserId, record.Value));
        }
    }
}
