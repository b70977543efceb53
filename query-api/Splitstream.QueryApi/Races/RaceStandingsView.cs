using System.Collections.Concurrent;
using System.Threading.Channels;
using Splitstream.Schemas.V1;

namespace Splitstream.QueryApi.Races;

/// <summary>
/// The latest standings of every race, in memory, fed by <see cref="RaceStandingsFeed"/> from race.standings.v1, and
/// the live subscribers of each race. A subscriber is told of every change of content; a refresh that only moved
/// <c>generated_at_ms</c> is not a change. A slow subscriber skips to the newest standings rather than queueing old ones.
/// </summary>
public sealed class RaceStandingsView
{
    private readonly ConcurrentDictionary<string, RaceStandings> latest = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<RaceStandings>, byte>> subscribers = new();
    private volatile bool caughtUp;

    /// <summary>Whether the feed has read the standings topic up to where it ended when this instance started.</summary>
    public bool CaughtUp => caughtUp;

    public int RaceCount => latest.Count;

    public RaceStandings? Get(string raceId) => latest.TryGetValue(raceId, out var standings) ? standings : null;

    public void MarkCaughtUp() => caughtUp = true;

    /// <summary>Applies a publication (the topic is a keyed upsert: latest wins) and notifies the race's subscribers if it changed anything.</summary>
    public void Apply(RaceStandings standings)
    {
        var previous = latest.TryGetValue(standings.RaceId, out var p) ? p : null;
        latest[standings.RaceId] = standings;
        if (previous is not null && SameContent(previous, standings))
        {
            return;
        }
        if (subscribers.TryGetValue(standings.RaceId, out var channels))
        {
            foreach (var channel in channels.Keys)
            {
                channel.Writer.TryWrite(standings);
            }
        }
    }

    /// <summary>Subscribes to a race's changes; dispose the subscription when the client goes.</summary>
    public Subscription Subscribe(string raceId)
    {
        var channel = Channel.CreateBounded<RaceStandings>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        subscribers.GetOrAdd(raceId, _ => new ConcurrentDictionary<Channel<RaceStandings>, byte>())[channel] = 0;
        return new Subscription(channel.Reader, () =>
        {
            if (subscribers.TryGetValue(raceId, out var channels))
            {
                channels.TryRemove(channel, out _);
            }
        });
    }

    public int SubscriberCount(string raceId) => subscribers.TryGetValue(raceId, out var channels) ? channels.Count : 0;

    private static bool SameContent(RaceStandings a, RaceStandings b) =>
        a.Live == b.Live && a.Racers.Equals(b.Racers);

    /// <summary>A subscriber's view of one race's changes.</summary>
    public sealed class Subscription(ChannelReader<RaceStandings> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<RaceStandings> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
