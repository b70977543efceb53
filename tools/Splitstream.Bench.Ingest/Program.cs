using Splitstream.Bench.Ingest;

// make bench-ingest: accepted samples/s through the gateway against the raw producer on the same cluster, same run.
var settings = BenchSettings.Parse(args);
await using var benchmark = new IngestBenchmark(settings);
var results = await benchmark.RunAsync();
var baseline = results[0];
Console.WriteLine();
foreach (var result in results)
{
    Console.WriteLine(result.Describe(ReferenceEquals(result, baseline) ? null : baseline));
}
