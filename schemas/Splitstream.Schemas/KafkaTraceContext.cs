using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace Splitstream.Schemas;

/// <summary>
/// W3C trace context (<c>traceparent</c>, <c>tracestate</c>) in Kafka record headers, so one trace runs from the HTTP
/// request that produced a record through the topologies that read it to the sink that stored it.
/// </summary>
public static class KafkaTraceContext
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>Headers carrying <paramref name="activity"/>'s context, or null when there is none (no listener, no trace).</summary>
    public static Headers? For(Activity? activity)
    {
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C)
        {
            return null;
        }
        var headers = new Headers();
        Inject(headers, activity);
        return headers;
    }

    /// <summary>Sets <paramref name="headers"/>' trace context to <paramref name="activity"/>'s (replacing one already there).</summary>
    public static void Inject(Headers headers, Activity activity)
    {
        headers.Remove(TraceParent);
        headers.Remove(TraceState);
        headers.Add(TraceParent, Encoding.ASCII.GetBytes(activity.Id!));
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            headers.Add(TraceState, Encoding.ASCII.GetBytes(activity.TraceStateString));
        }
    }

    /// <summary>The context a record's headers carry; default when none or malformed.</summary>
    public static ActivityContext Extract(Headers? headers)
    {
        if (headers is null || !headers.TryGetLastBytes(TraceParent, out var parent))
        {
            return default;
        }
        var state = headers.TryGetLastBytes(TraceState, out var stateBytes) ? Encoding.ASCII.GetString(stateBytes) : null;
        return ActivityContext.TryParse(Encoding.ASCII.GetString(parent), state, isRemote: true, out var context) ? context : default;
    }
}
