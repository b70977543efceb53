namespace Splitstream.Streams.Demo;

/// <summary>The sample times of one input batch, by sensor kind ("gps", "hr").</summary>
public sealed record SampleBatch(string Kind, IReadOnlyList<long> TimesMs);
