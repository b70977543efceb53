namespace Splitstream.ServiceDefaults;

/// <summary>The outcome of validating a bearer token: the subject and role, or why it was refused.</summary>
public sealed record TokenValidationResult(bool IsValid, string? Subject, string? Role, string? Error)
{
    public static TokenValidationResult Valid(string subject, string role) => new(true, subject, role, null);

    public static TokenValidationResult Invalid(string error) => new(false, null, null, error);
}
