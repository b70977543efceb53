namespace Splitstream.Schemas.Sports;

/// <summary>One invalid field of a manual entry, named as the request names it (<c>exercises[0].sets[2].weight_kg</c>).</summary>
public sealed record SportFieldError(string Field, string Message);
