using System.Runtime.InteropServices;
using System.Text.Json;
using Splitstream.AppHost;
using Splitstream.Ingest;
using Splitstream.Platform;
using Splitstream.Processors;
using Splitstream.QueryApi;
using Splitstream.ServiceDefaults;
using Splitstream.Simulator;

// `make run`: one process with the embedded platform (unless Kafka is configured), the ingest gateway, the stream
// processors and the query API. Writes .data/run.json once everything answers, then plays the demo simulation (a race of
// 20 racers and 3 free runs/rides; SIM=0 turns it off), and stops cleanly on SIGINT/SIGTERM.
// Everything this process creates is the owner's alone, files of libraries that choose their own mode included.
Splitstream.Schemas.PrivateFiles.RestrictNewFiles();
var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();
var options = configuration.GetSection(AppHostOptions.Section).Get<AppHostOptions>() ?? new AppHostOptions();
if (ListenAddress.InUse(options.IngestUrl, options.QueryUrl) is { } inUse)
{
    // Before anything starts: one line, not Kestrel's critical log with a stack trace half-way through the start.
    Console.Error.WriteLine(inUse);
    return ListenAddress.ExitInUse;
}
// Before anything opens the data directory: a second host on it is one line and exit 2, like a taken port.
using var dataLock = DataDirectoryLock.TryAcquire(options.DataDirectory, out var lockError);
if (dataLock is null)
{
    Console.Error.WriteLine(lockError);
    return ListenAddress.ExitInUse;
}
using var stopping = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stopping.Cancel(); });
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopping.Cancel(); });

EmbeddedPlatform? embedded = null;
var settings = new Dictionary<string, string?>();
using var platformLogs = LoggerFactory.Create(logging => logging
    .AddConfiguration(configuration.GetSection("Logging"))
    .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; }));
if (string.IsNullOrWhiteSpace(configuration["Kafka:BootstrapServers"]))
{
    // The embedded cluster lives in memory; its archive under the data directory brings it back after a stop or a
    // SIGKILL (restored here, before any service can see the cluster). See infra/Splitstream.Platform/README.md.
    var archive = Path.Combine(options.DataDirectory, "kafka");
    embedded = await EmbeddedPlatform.StartAsync(configuration.GetValue("Kafka:Partitions", 12), cancellationToken: stopping.Token,
        dataDirectory: archive, loggerFactory: platformLogs);
    embedded.Archive!.TrackConsumerGroups(ProcessorConsumerGroups.Of(configuration));
    settings["Kafka:BootstrapServers"] = embedded.BootstrapServers;
    settings["SchemaRegistry:Url"] = embedded.SchemaRegistryUrl;
}
var composer = new ServiceComposer(args, settings, embedded);

var ingestBuilder = composer.WebBuilder(options.IngestUrl);
ingestBuilder.AddIngest();
var ingest = ingestBuilder.Build();
ingest.UseIngest();
ingest.MapDefaultEndpoints();
ingest.MapIngestApiV1();

var queryBuilder = composer.WebBuilder(options.QueryUrl);
queryBuilder.AddQueryApi();
var query = queryBuilder.Build();
query.UseQueryApi();
query.MapDefaultEndpoints();
query.MapQueryApiV1();

var processorsBuilder = composer.WorkerBuilder();
processorsBuilder.AddProcessors();
var processors = processorsBuilder.Build();

IHost[] hosts = [processors, ingest, query];
var log = ingest.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Splitstream.AppHost");
BackgroundSimulation? simulation = null;
try
{
    foreach (var host in hosts)
    {
        await host.StartAsync(stopping.Token);
    }
    var runInfo = new RunInfo(
        embedded?.BootstrapServers ?? configuration["Kafka:BootstrapServers"]!,
        options.IngestUrl, options.QueryUrl,
        embedded?.SchemaRegistryUrl ?? configuration["SchemaRegistry:Url"] ?? "",
        embedded?.SchemaRegistryUrl ?? "");
    await ReadinessWaiter.WaitAsync([runInfo.IngestUrl, runInfo.QueryUrl], stopping.Token);
    // .data is 0700 and its files 0600: run.json names the local endpoints, the key file next to it signs tokens.
    Splitstream.Schemas.PrivateFiles.CreateDirectory(options.DataDirectory);
    var json = JsonSerializer.Serialize(runInfo);
    Splitstream.Schemas.PrivateFiles.WriteAllText(Path.Combine(options.DataDirectory, "run.json"), json + "\n");
    log.LogInformation("Splitstream is ready: {RunInfo}", json);
    Console.WriteLine(json);
    if (configuration["SIM"] != "0")
    {
        // The simulator uses the same signing key as the services, and the Simulator section for overrides.
        var simulatorOptions = configuration.GetSection(SimulatorOptions.Section).Get<SimulatorOptions>() ?? new SimulatorOptions();
        simulatorOptions.IngestUrl = runInfo.IngestUrl;
        // The demo race is a real race object on the query API: the simulator creates it and prints its live page's URL.
        simulatorOptions.QueryUrl = runInfo.QueryUrl;
        simulatorOptions.SigningKey = configuration["Auth:SigningKey"] ?? "";
        simulatorOptions.SigningKeyFile = Path.GetFullPath(configuration["Auth:SigningKeyFile"] ?? ".data/dev-signing-key");
        simulation = Simulation.StartInBackground(simulatorOptions, Console.Out, ingest.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Splitstream.Simulator"));
    }
    await Task.Delay(Timeout.Infinite, stopping.Token);
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    // Ctrl-C or SIGTERM: fall through to the orderly stop.
}
finally
{
    log.LogInformation("Stopping Splitstream");
    if (simulation is not null)
    {
        await simulation.DisposeAsync();
    }
    File.Delete(Path.Combine(options.DataDirectory, "run.json"));
    foreach (var host in hosts.Reverse())
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await host.StopAsync(timeout.Token);
        host.Dispose();
    }
    if (embedded is not null)
    {
        await embedded.DisposeAsync();
    }
}
return ListenAddress.ExitOk;
