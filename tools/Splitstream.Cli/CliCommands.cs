using Splitstream.ServiceDefaults;

namespace Splitstream.Cli;

/// <summary>Dispatches the sub-commands of the `splitstream` CLI.</summary>
public static class CliCommands
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine("""
                usage: splitstream <command> [options]
                  token --user <id> --role <device|organiser|analyst|admin> [--hours N] [--key-file PATH]
                      prints a signed development token (HS256 JWT) as the last line of its output
                """ + "\n" + SimulateCommand.Help + "\n" + ReplayCommand.Help);
            return args.Length == 0 ? 2 : 0;
        }
        if (args[0] == "replay")
        {
            // replay has sub-commands of its own (export, rerun, compare) before its options.
            return await ReplayCommand.RunAsync(args[1..]);
        }
        var options = CliArguments.Parse(args[1..]);
        try
        {
            return args[0] switch
            {
                "token" => TokenCommand.Run(options),
                "simulate" => await SimulateCommand.RunAsync(options),
                _ => await Task.FromResult(Fail($"unknown command '{args[0]}' (try --help)")),
            };
        }
        catch (SigningKeyException e)
        {
            // A configuration mistake the user fixes by reading one line, not a crash.
            return Fail(e.Message);
        }
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine("splitstream: " + message);
        return 2;
    }
}
