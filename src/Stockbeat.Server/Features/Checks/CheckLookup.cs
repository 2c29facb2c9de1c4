using Microsoft.AspNetCore.Http;
using Stockbeat.Core.Checks;
using Stockbeat.Server.Api;
using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Checks;

/// <summary>Finds the monitor an API URL names, with Healthchecks' answers for the wrong ones.</summary>
internal static class CheckLookup
{
    /// <summary>
    /// By uuid, or by <c>unique_key</c> (what read-only keys see). Another project's monitor is 403,
    /// an unknown one 404.
    /// </summary>
    public static async Task<(Check? Check, IResult? Error)> FindAsync(string id, HttpContext context, IStore store)
    {
        var caller = context.Caller();
        if (Guid.TryParseExact(id, "D", out var uuid))
        {
            var check = await store.GetCheckAsync(uuid, context.RequestAborted);
            if (check is null)
            {
                return (null, ApiErrors.NotFound());
            }

            return check.ProjectId == caller.ProjectId ? (check, null) : (null, ApiErrors.Forbidden());
        }

        if (UniqueKeys.IsShaped(id))
        {
            var check = await store.FindCheckByUniqueKeyAsync(caller.ProjectId, id, context.RequestAborted);
            return check is null ? (null, ApiErrors.NotFound()) : (check, null);
        }

        return (null, ApiErrors.BadRequest("invalid check id: expected a uuid or a unique_key"));
    }
}
