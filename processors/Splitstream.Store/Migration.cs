namespace Splitstream.Store;

/// <summary>One versioned schema step; applied once, in version order, recorded in <c>schema_migrations</c>.</summary>
public sealed record Migration(int Version, string Description, string Sql);
