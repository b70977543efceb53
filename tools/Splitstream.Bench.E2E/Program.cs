using Splitstream.Bench;
using Splitstream.Bench.E2E;

// make bench-e2e: samples/s from the gateway to stored points, summaries and race standings at increasing offered
// rates, and the delays from acknowledgement to each, against raw librdkafka produce/consume and kcat of the same
// records, same run. `--instances 2` is make bench-scaleout; `--soak-minutes m` is make bench-soak.
if (args is [PlatformProcess.Flag])
{
    await PlatformProcess.ServeAsync();
    return;
}
if (E2ESettings.WantsHelp(args))
{
    Console.WriteLine(E2ESettings.Usage);
    return;
}
E2ESettings settings;
try
{
    settings = E2ESettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"{e.Message}\n\n{E2ESettings.Usage}");
    Environment.ExitCode = 2;
    return;
}
await using var database = settings.Postgres ? await BenchDatabase.CreateAsync(BenchDatabase.FindRepositoryRoot()) : null;
// The soak measures the pipeline's memory: the embedded platform, whose brokers hold every record in memory, runs in a
// process of its own there.
await using var pipeline = await InProcessPipeline.StartAsync(settings.Instances, settings.SoakMinutes > 0 ? Soak.Configuration : null, database?.ConnectionString,
    platformInChildProcess: settings.SoakMinutes > 0);
using var benchmark = new E2EBenchmark(settings, pipeline);
var shape = settings.Instances == 1 ? "1 processors host, 1 gateway" : $"{settings.Instances} processors hosts in one consumer group, {settings.Instances} gateways";
Console.WriteLine($"pipeline up: {shape}; gateway {pipeline.GatewayUrl}, store {pipeline.StoreDescription}; {Environment.ProcessorCount} cores");

if (settings.SoakMinutes > 0)
{
    await Soak.RunAsync(settings, benchmark, pipeline);
    return;
}

// Warm-up until tiered compilation has settled: stages at the rate #16's delay targets are set at (50,000/s, or the
// lowest offered), until a stage compiles fewer than 100 methods (tier-1 recompilations included; a count, which a loaded
// machine does not inflate as it does the JIT's time), at most MaxWarmUpSeconds. These stages are the first minute's behaviour, reported on
// their own and never mixed into the measured stages.
var warmUpRate = settings.Rates.Contains(50_000) ? 50_000 : settings.Rates.Min();
var warmUps = new List<StageResult>();
while (true)
{
    var stage = await benchmark.RunStageAsync(warmUpRate, settings.StageSeconds, $"warm-up {warmUps.Count + 1}");
    Console.WriteLine(ResultTable.StageLine(stage));
    warmUps.Add(stage);
    var settled = stage.JitMethods < 100;
    if (settled || benchmark.Uptime > settings.MaxWarmUpSeconds)
    {
        Console.WriteLine(settled
            ? $"tiered compilation settled after {warmUps.Count} warm-up stages ({benchmark.Uptime:0} s): {stage.JitMethods} methods compiled in the last"
            : $"tiered compilation still at {stage.JitMethods} methods per stage after {benchmark.Uptime:0} s: measuring anyway");
        break;
    }
}

var stages = new List<StageResult>();
foreach (var rate in settings.Rates)
{
    var stage = await benchmark.RunStageAsync(rate, settings.StageSeconds, "measured");
    Console.WriteLine(ResultTable.StageLine(stage));
    stages.Add(stage);
}

// Sustained: the rate #16 asks to sustain, held for longer than a stage. An 8 s stage measures what the pipeline absorbs
// in a burst (consumers' prefetch, a store that is behind but catching up once the load stops); held, a store that falls
// behind keeps falling behind (2026-12-05: 110,323 stored/s over 30 s where 8 s stages gave 135,000-149,000).
StageResult? held = null;
if (settings.HoldSeconds > 0 && settings.Rates.Contains(IssueFigures.SustainedRate))
{
    held = await benchmark.RunStageAsync(IssueFigures.SustainedRate, settings.HoldSeconds, $"held {settings.HoldSeconds:0} s");
    Console.WriteLine(ResultTable.StageLine(held));
}

IReadOnlyList<Baselines.Figure> baselines = [];
if (!settings.SkipBaselines)
{
    var baselineBatches = (long)Math.Ceiling(settings.Rates.Max() * settings.StageSeconds / settings.BatchSize);
    baselines = await new Baselines(pipeline, new BenchWorkload(
        Enumerable.Range(0, settings.Activities).Select(_ => Guid.NewGuid().ToString()).ToList(), settings.BatchSize, 1_700_000_000_000),
        baselineBatches, settings.BatchSize).RunAsync();
}

MemoryFigures? memory = null;
if (settings.MemoryActivities > 0)
{
    memory = await benchmark.MeasureMemoryAsync(settings.MemoryActivities, races: 100, racersPerRace: 10, pairs: 4);
}

var report = ResultTable.Render(settings, warmUps, held is null ? stages : [.. stages, held], baselines, memory);
Console.WriteLine();
Console.WriteLine(report);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.OutputPath))!);
await File.WriteAllTextAsync(settings.OutputPath, report);
Console.WriteLine($"written to {settings.OutputPath}");
Console.WriteLine();
IssueFigures.Print(settings, warmUps, stages, held, baselines, memory);
