using System.Collections.Concurrent;
using System.Text.Json;
using Splitstream.Simulator;

namespace Splitstream.Faults.Tests;

/// <summary>
/// What the gateway acknowledged, request by request: the ground truth the point store is checked against. A sample
/// batch's samples are identified by (activity, time) and split by kind, as the gateway splits them onto the GPS and
/// heart-rate topics.
/// </summary>
internal sealed class AckLedger
{
    private readonly ConcurrentBag<(string ActivityId, PlannedSend Send, SendOutcome Outcome)> answers = [];

    public void Record(string activityId, PlannedSend send, SendOutcome outcome) => answers.Add((activityId, send, outcome));

    /// <summary>Every HTTP attempt behind these answers, re-sends included.</summary>
    public DeviceAttempts Attempts { get; } = new();

    public int Requests => answers.Count;

    public int Retries => answers.Sum(a => a.Outcome.Retries);

    public IReadOnlyList<string> NotAcknowledged =>
        answers.Where(a => a.Outcome.Result != SendResult.Accepted)
            .Select(a => $"{a.Send.Kind} {a.Send.Path}: {a.Outcome.Result} {a.Outcome.StatusCode} {a.Outcome.Problem}").ToList();

    /// <summary>Samples in acknowledged batches, counting a re-sent batch each time (what the gateway said 202 to).</summary>
    public long AcknowledgedSamples => Accepted().Sum(a => (long)a.Send.Samples);

    /// <summary>Distinct (time) per activity of acknowledged GPS fixes and heart-rate readings: what must be stored, once.</summary>
    public IReadOnlyDictionary<string, StoredTimes> Expected()
    {
        var expected = new Dictionary<string, (HashSet<long> Gps, HashSet<long> Hr)>();
        foreach (var (activityId, send, _) in Accepted())
        {
            if (!expected.TryGetValue(activityId, out var times))
            {
                expected[activityId] = times = ([], []);
            }
            using var body = JsonDocument.Parse(send.Body);
            foreach (var sample in body.RootElement.GetProperty("samples").EnumerateArray())
            {
                var t = sample.GetProperty("t").GetInt64();
                (sample.TryGetProperty("lat", out _) ? times.Gps : times.Hr).Add(t);
            }
        }
        return expected.ToDictionary(e => e.Key, e => new StoredTimes(e.Value.Gps.Order().ToList(), e.Value.Hr.Order().ToList()));
    }

    private IEnumerable<(string ActivityId, PlannedSend Send, SendOutcome Outcome)> Accepted() =>
        answers.Where(a => a.Send.Kind == SendKind.Samples && a.Outcome.Result == SendResult.Accepted);
}
