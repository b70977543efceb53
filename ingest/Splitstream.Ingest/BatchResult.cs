using Microsoft.AspNetCore.Mvc;

namespace Splitstream.Ingest;

/// <summary>The outcome of one sample batch: 202 with the accepted count, or a status with its problem.</summary>
public sealed record BatchResult(int Status, int Accepted, ProblemDetails? Problem)
{
    public static BatchResult Ok(int accepted) => new(StatusCodes.Status202Accepted, accepted, null);

    public static BatchResult Failed(ProblemDetails problem) => new(problem.Status ?? StatusCodes.Status500InternalServerError, 0, problem);
}
