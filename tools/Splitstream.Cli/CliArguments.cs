namespace Splitstream.Cli;

/// <summary>`--name value` pairs and `--flag` switches of one sub-command.</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string> values = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Name, string Value)> all = [];

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        var result = new CliArguments();
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }
            var name = args[i][2..];
            var hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            result.values[name] = hasValue ? args[++i] : "true";
            result.all.Add((name, result.values[name]));
        }
        return result;
    }

    public string? Get(string name) => values.TryGetValue(name, out var v) ? v : null;

    public string Get(string name, string fallback) => Get(name) ?? fallback;

    public int GetInt(string name, int fallback) => Get(name) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    public double GetDouble(string name, double fallback) =>
        Get(name) is { } v ? double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    public bool Has(string name) => values.ContainsKey(name);

    /// <summary>Every value of an option given more than once (<c>--set a=1 --set b=2</c>), in order.</summary>
    public IReadOnlyList<string> GetAll(string name) =>
        all.Where(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)).Select(a => a.Value).ToList();
}
