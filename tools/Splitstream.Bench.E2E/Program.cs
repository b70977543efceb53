using Splitstream.Bench.E2E;

// make bench-e2e: samples/s from the gateway to stored points and summaries at increasing offered rates, and the delay
// from acknowledgement to summary, against raw librdkafka produce/consume and kcat of the same records, same run.
var settings = E2ESettings.Parse(args);
await using var pipeline = await InProcessPipeline.StartAsync();
var benchmark = new E2EBenchmark(settings, pipeline);
Console.WriteLine($"pipeline up: gateway {pipeline.GatewayUrl}, store {pipeline.StorePath}; {Environment.ProcessorCount} cores");

// Warm-up (JIT, connections, consumer groups joined, sinks assigned) at the lowest rate, not reported.
await benchmark.RunStageAsync(settings.Rates.Min(), warmUp: true);
var stages = new List<StageResult>();
for (var i = 0; i < settings.Rates.Count; i++)
{
    var stage = await benchmark.RunStageAsync(settings.Rates[i]);
    Console.WriteLine(ResultTable.StageLine(stage));
    stages.Add(stage);
}
var baselineBatches = (long)Math.Ceiling(settings.Rates.Max() * settings.StageSeconds / settings.BatchSize);
var baselines = await new Baselines(pipeline, new BenchWorkload(
    Enumerable.Range(0, settings.Activities).Select(_ => Guid.NewGuid().ToString()).ToList(), settings.BatchSize, 1_700_000_000_000),
    baselineBatches, settings.BatchSize).RunAsync();

var report = ResultTable.Render(settings, stages, baselines);
Console.WriteLine();
Console.WriteLine(report);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.OutputPath))!);
await File.WriteAllTextAsync(settings.OutputPath, report);
Console.WriteLine($"written to {settings.OutputPath}");
