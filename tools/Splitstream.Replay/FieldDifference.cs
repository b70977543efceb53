namespace Splitstream.Replay;

/// <summary>One field of one key that differs between two topics' latest values (JSON renderings of both sides).</summary>
public sealed record FieldDifference(string Key, string Field, string Left, string Right);
