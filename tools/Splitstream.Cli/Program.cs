using Splitstream.Cli;

return await CliCommands.RunAsync(args);
