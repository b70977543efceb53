namespace Splitstream.Fit;

/// <summary>One field of a definition message: field number, size in bytes, base type byte.</summary>
internal readonly record struct FitFieldDefinition(byte Number, byte Size, byte BaseType);
