using Microsoft.AspNetCore.Http;

namespace Stockbeat.Server.Api;

/// <summary>Error answers with Healthchecks' <c>{"error": "…"}</c> body.</summary>
internal static class ApiErrors
{
    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static IResult Unauthorized(string message) => Error(StatusCodes.Status401Unauthorized, message);

    public static IResult Forbidden() => Error(StatusCodes.Status403Forbidden, "not your check");

    public static IResult NotFound(string what = "not found") => Error(StatusCodes.Status404NotFound, what);

    public static IResult Conflict(string message) => Error(StatusCodes.Status409Conflict, message);

    public static IResult Error(int status, string message) =>
        Results.Json(new ErrorBody(message), ApiJson.Options, statusCode: status);

    private sealed record ErrorBody(string Error);
}
