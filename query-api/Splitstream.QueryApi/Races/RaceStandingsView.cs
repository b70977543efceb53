using System.Collections.Concurrent;
using System.Threading.Channels;
using Splitstream.Schemas.V1;

namespace Splitstream.QueryApi.Races;

/// <summary>
/// The latest standings of every race, in memory, fed by <see cref="RaceStandingsFeed"/> from race.standings.v1, and
/// the live subscribers of each race. A subscriber is told of every change of content; a refresh that only moved
/// <c>generated_at_ms</c> is not a change. A slow subscriber skips to the newest standings rather than queueing old ones.
/// Subscriber state is bounded: a race's entry goes with its last subscriber, and the number of subscribers per race
/// and in total is capped (<see cref="RaceStreamOptions"/>).
/// </summary>
public sealed class RaceStandingsView(RaceStreamOptions options)
{
    private readonly ConcurrentDictionary<string, RaceStandings> latest = new();
    private readonly Dictionary<string, HashSet<Channel<RaceStandings>>> subscribers = [];
    private readonly Lock gate = new();
    private int total;
    private volatile bool caughtUp;

    public RaceStandingsView()
        : this(RaceStreamOptions.Default)
    {
    }

    /// <summary>Whether the feed has read the standings topic up to where it ended when this instance started.</summary>
    public bool CaughtUp => caughtUp;

    public int RaceCount => latest.Count;

    /// <summary>Races with at least one subscriber: the entries the subscriber map holds.</summary>
    public int SubscribedRaceCount
    {
        get
        {
            lock (gate)
            {
                return subscribers.Count;
            }
        }
    }

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
        Channel<RaceStandings>[] channels;
        lock (gate)
        {
            if (!subscribers.TryGetValue(standings.RaceId, out var set))
            {
                return;
            }
            channels = [.. set];
        }
        foreach (var channel in channels)
        {
            channel.Writer.TryWrite(standings);
        }
    }

    /// <summary>Subscribes to a race's changes, or null when the caps are reached; dispose the subscription when the client goes.</summary>
    public Subscription? Subscribe(string raceId)
    {
        var channel = Channel.CreateBounded<RaceStandings>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (gate)
        {
            subscribers.TryGetValue(raceId, out var set);
            if (total >= options.MaxSubscribers || (set?.Count ?? 0) >= options.MaxSubscribersPerRace)
            {
                return null;
            }
            if (set is null)
            {
                subscribers[raceId] = set = [];
            }
            set.Add(channel);
            total++;
        }
        return new Subscription(channel.Reader, () =>
        {
            lock (gate)
            {
                if (subscribers.TryGetValue(raceId, out var set) && set.Remove(channel))
                {
                    total--;
                    if (set.Count == 0)
                    {
                        subscribers.Remove(raceId);
                    }
                }
            }
        });
    }

    public int SubscriberCount(string raceId)
    {
        lock (gate)
        {
            return subscribers.TryGetValue(raceId, out var set) ? set.Count : 0;
        }
    }

    private static bool SameContent(RaceStandings a, RaceStandings b) =>
        a.Live == b.Live && a.CourseLengthM == b.CourseLengthM && a.Racers.Equals(b.Racers);

    /// <summary>A subscriber's view of one race's changes.</summary>
    public sealed class Subscription(ChannelReader<RaceStandings> reader, Action unsubscribe) : IDisposable
    {
        private int disposed;

        public ChannelReader<RaceStandings> Reader { get; } = reader;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                unsubscribe();
            }
        }
    }
}
