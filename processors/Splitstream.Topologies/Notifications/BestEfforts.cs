using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Splitstream.Schemas.V1;

namespace Splitstream.Processors.Notifications;

/// <summary>
/// The best efforts (DESIGN §4: fastest 400 m, 1 km, …) a summary carries, read through the message descriptor by
/// field name (<c>best_efforts</c>: <c>name</c>, <c>distance_m</c>, <c>time_s</c>). Read this way the tracker works
/// with summaries that have the field and with those built before it existed (no efforts then).
/// </summary>
internal static class BestEfforts
{
    private static readonly FieldDescriptor? Field = ActivitySummary.Descriptor.FindFieldByName("best_efforts");

    public static IEnumerable<EffortTime> Of(ActivitySummary summary)
    {
        if (Field is not { IsRepeated: true, FieldType: FieldType.Message })
        {
            yield break;
        }
        foreach (IMessage effort in (IList)Field.Accessor.GetValue(summary))
        {
            var fields = effort.Descriptor;
            var name = fields.FindFieldByName("name")?.Accessor.GetValue(effort) as string;
            var time = Number(fields.FindFieldByName("time_s")?.Accessor.GetValue(effort));
            if (!string.IsNullOrEmpty(name) && time > 0)
            {
                yield return new EffortTime { Name = name, TimeS = time, DistanceM = Number(fields.FindFieldByName("distance_m")?.Accessor.GetValue(effort)) };
            }
        }
    }

    private static double Number(object? value) => value is null ? 0 : Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
}
