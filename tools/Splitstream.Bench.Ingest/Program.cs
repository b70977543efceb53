using Splitstream.Bench;
using Splitstream.Bench.Ingest;

// make bench-ingest: accepted samples/s through the gateway against the raw producer on the same cluster, same run, and
// the HTTP floor (the same client against a bare Kestrel endpoint) that every gateway request pays here.
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

// What the CPU ratios can reach in this process: each gateway request pays the HTTP floor (the load generator's client
// and Kestrel on the same two cores) and then the raw producer's work, so raw ÷ (floor + raw) is the best CPU ratio any
// gateway could show here; what each path spends beyond that sum is the gateway's own work (parse, auth, pipeline).
var floor = results[3];
var least = floor.CpuMicrosPerSample + baseline.CpuMicrosPerSample;
TargetFigures.Report("ingest: HTTP floor + raw producer, CPU per sample (the least a gateway request costs here; ratio = the best CPU ratio reachable)",
    $"{least:0.00} CPU-µs/sample (floor {floor.CpuMicrosPerSample:0.00})", $"{baseline.CpuMicrosPerSample:0.00} CPU-µs/sample",
    $"{baseline.CpuMicrosPerSample / least:P0}");
foreach (var result in new[] { results[2], results[1] })
{
    TargetFigures.Report($"ingest: {result.Name}, own CPU per sample beyond the HTTP floor and the raw producer",
        $"{result.CpuMicrosPerSample - least:0.00} CPU-µs/sample", $"{least:0.00} CPU-µs/sample", $"{least / result.CpuMicrosPerSample:P0}");
}
