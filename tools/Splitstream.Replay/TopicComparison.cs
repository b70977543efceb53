using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Splitstream.Replay;

/// <summary>
/// Compares two topics of the same message type (live summaries and a re-run's, say) key by key, on their latest
/// values, field by field: so an analyst sees which activities a changed rule moved, and by how much.
/// </summary>
public sealed class TopicComparison(ReplayConnection connection)
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithPreserveProtoFieldNames(true));

    /// <summary>Relative tolerance for floating-point fields (0: exact).</summary>
    public double Tolerance { get; init; }

    public async Task<ComparisonResult> CompareAsync(string left, string right, IProgressSink progress, CancellationToken cancellationToken = default)
    {
        if (TopicCodec.BaseTopic(left) is not { } type || TopicCodec.BaseTopic(right) != type)
        {
            throw new ArgumentException($"{left} and {right} are not topics of the same known message type");
        }
        var a = await LatestAsync(left, progress, cancellationToken);
        var b = await LatestAsync(right, progress, cancellationToken);
        var differences = new List<FieldDifference>();
        var identical = 0;
        foreach (var key in a.Keys.Intersect(b.Keys).Order(StringComparer.Ordinal))
        {
            var found = Diff(key, "", a[key], b[key]).ToList();
            differences.AddRange(found);
            identical += found.Count == 0 ? 1 : 0;
        }
        return new ComparisonResult(left, right, a.Count, b.Count, identical,
            [.. a.Keys.Except(b.Keys).Order(StringComparer.Ordinal)], [.. b.Keys.Except(a.Keys).Order(StringComparer.Ordinal)], differences);
    }

    private async Task<Dictionary<string, IMessage>> LatestAsync(string topic, IProgressSink progress, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, IMessage>(StringComparer.Ordinal);
        var ranges = TopicRanges.Plan(connection, topic, ReadSelection.All);
        await new RangeReader(connection).ReadAsync(ranges, record =>
        {
            var key = record.Message.Key is { } k ? Encoding.UTF8.GetString(k) : "";
            if (record.Message.Value is null)
            {
                latest.Remove(key);
            }
            else if (TopicCodec.TryDecode(record.Topic, record.Message.Value, out var error) is { } message)
            {
                latest[key] = message;
            }
            else
            {
                throw new InvalidDataException($"{record.Topic}[{record.Partition.Value}]@{record.Offset.Value}: {error}");
            }
            return Task.CompletedTask;
        }, progress, cancellationToken);
        return latest;
    }

    private IEnumerable<FieldDifference> Diff(string key, string path, IMessage left, IMessage right)
    {
        foreach (var field in left.Descriptor.Fields.InFieldNumberOrder())
        {
            var name = path + field.Name;
            var l = field.Accessor.GetValue(left);
            var r = field.Accessor.GetValue(right);
            if (field.HasPresence && field.Accessor.HasValue(left) != field.Accessor.HasValue(right))
            {
                yield return new FieldDifference(key, name, Render(field, left), Render(field, right));
            }
            else if (field.FieldType == FieldType.Message && !field.IsRepeated && l is IMessage lm && r is IMessage rm)
            {
                foreach (var d in Diff(key, name + ".", lm, rm))
                {
                    yield return d;
                }
            }
            else if (!ValuesEqual(l, r))
            {
                yield return new FieldDifference(key, name, Render(field, left), Render(field, right));
            }
        }
    }

    private bool ValuesEqual(object? l, object? r) => (l, r) switch
    {
        (double x, double y) => Close(x, y),
        (float x, float y) => Close(x, y),
        (System.Collections.IList xs, System.Collections.IList ys) => xs.Count == ys.Count && Enumerable.Range(0, xs.Count).All(i => ElementEqual(xs[i], ys[i])),
        _ => Equals(l, r),
    };

    private bool ElementEqual(object? l, object? r) => l is IMessage lm && r is IMessage rm
        ? lm.Descriptor == rm.Descriptor && !Diff("", "", lm, rm).Any()
        : ValuesEqual(l, r);

    private bool Close(double x, double y) =>
        x.Equals(y) || (Tolerance > 0 && Math.Abs(x - y) <= Tolerance * Math.Max(Math.Abs(x), Math.Abs(y)));

    private static string Render(FieldDescriptor field, IMessage message)
    {
        if (field.HasPresence && !field.Accessor.HasValue(message))
        {
            return "(absent)";
        }
        var value = field.Accessor.GetValue(message);
        return value switch
        {
            IMessage m => Formatter.Format(m),
            System.Collections.IList list => "[" + string.Join(",", list.Cast<object>().Select(v => v is IMessage m ? Formatter.Format(m) : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))) + "]",
            double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };
    }
}
