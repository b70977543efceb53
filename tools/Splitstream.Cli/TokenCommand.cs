using Splitstream.ServiceDefaults;

namespace Splitstream.Cli;

/// <summary>`splitstream token`: a development token signed with the key the services use (DESIGN §1).</summary>
public static class TokenCommand
{
    public static int Run(CliArguments args)
    {
        var user = args.Get("user");
        var role = args.Get("role", Roles.Device);
        if (string.IsNullOrWhiteSpace(user))
        {
            return CliCommands.Fail("token needs --user <id>");
        }
        if (!Roles.All.Contains(role))
        {
            return CliCommands.Fail($"unknown role '{role}' (athlete, device, organiser, analyst, admin)");
        }
        var keyFile = args.Get("key-file", Environment.GetEnvironmentVariable("Auth__SigningKeyFile") ?? ".data/dev-signing-key");
        var key = TokenService.LoadKey(new AuthOptions { SigningKey = Environment.GetEnvironmentVariable("Auth__SigningKey") ?? "", SigningKeyFile = keyFile });
        var token = new TokenService(key).Issue(user, role, TimeSpan.FromHours(args.GetInt("hours", 24 * 30)));
        Console.Error.WriteLine($"token for user '{user}' with role '{role}':");
        Console.WriteLine(token);
        return 0;
    }
}
