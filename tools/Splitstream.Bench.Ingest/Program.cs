using Splitstream.Bench;
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

// Issue 16's targets: Protobuf >= 50% and JSON >= 30% of the raw producer, by samples/s; CPU per sample alongside.
Console.WriteLine();
foreach (var (result, target) in new[] { (results[2], 0.5), (results[1], 0.3) })
{
    TargetFigures.Ratio($"ingest: {result.Name} ÷ raw producer", result.SamplesPerSecond, baseline.SamplesPerSecond, target, "samples/s");
    TargetFigures.CpuRatio($"ingest: {result.Name}, CPU per sample (raw producer's ÷ this)", result.CpuMicrosPerSample, baseline.CpuMicrosPerSample, target);
}
