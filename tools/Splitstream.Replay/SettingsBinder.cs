using System.Globalization;
using System.Reflection;

namespace Splitstream.Replay;

/// <summary>
/// Binds <c>--set Prefix:Name=value</c> settings to the optional parameters of an immutable options type's static
/// factory (<c>Of(...)</c>), by parameter name, case-insensitively. Values: numbers and booleans invariantly, enums by
/// name, durations as <c>hh:mm:ss</c> or with a unit (<c>500ms</c>, <c>20s</c>, <c>5m</c>, <c>1h</c>). Every
/// parameter of the factory is a setting, so a rule added to the options is settable without touching the tool.
/// </summary>
public static class SettingsBinder
{
    public static IEnumerable<string> Keys(MethodInfo factory, string prefix) =>
        factory.GetParameters().Select(p => $"{prefix}:{char.ToUpperInvariant(p.Name![0])}{p.Name[1..]}");

    /// <summary>Invokes the factory with the settings under <paramref name="prefix"/>; the others are left to the caller.</summary>
    public static T Bind<T>(MethodInfo factory, string prefix, IReadOnlyDictionary<string, string> settings)
    {
        var parameters = factory.GetParameters();
        var arguments = parameters.Select(p => p.HasDefaultValue ? p.DefaultValue : Type.Missing).ToArray();
        foreach (var (key, value) in settings.Where(s => s.Key.StartsWith(prefix + ":", StringComparison.OrdinalIgnoreCase)))
        {
            var name = key[(prefix.Length + 1)..];
            var index = Array.FindIndex(parameters, p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                throw new ArgumentException($"unknown setting {key}; known: {string.Join(", ", Keys(factory, prefix))}");
            }
            arguments[index] = Convert(value, parameters[index].ParameterType, key);
        }
        try
        {
            return (T)factory.Invoke(null, arguments)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException inner)
        {
            throw new ArgumentException($"{prefix}: {inner.Message}", inner);
        }
    }

    public static object Convert(string value, Type type, string key)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        try
        {
            return target switch
            {
                _ when target == typeof(TimeSpan) => ParseDuration(value),
                _ when target.IsEnum => Enum.Parse(target, value, ignoreCase: true),
                _ when target == typeof(bool) => bool.Parse(value),
                _ => System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture),
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidCastException or OverflowException)
        {
            throw new ArgumentException($"{key}={value}: not a valid {target.Name}", e);
        }
    }

    public static TimeSpan ParseDuration(string value)
    {
        string[] units = ["ms", "s", "m", "h"];
        foreach (var unit in units)
        {
            if (value.EndsWith(unit, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(value[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                && !(unit == "s" && value.EndsWith("ms", StringComparison.OrdinalIgnoreCase)))
            {
                return unit switch { "ms" => TimeSpan.FromMilliseconds(n), "s" => TimeSpan.FromSeconds(n), "m" => TimeSpan.FromMinutes(n), _ => TimeSpan.FromHours(n) };
            }
        }
        return TimeSpan.Parse(value, CultureInfo.InvariantCulture);
    }
}
