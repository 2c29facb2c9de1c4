using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stockbeat.Server.Hosting;

namespace Stockbeat.Server.Api;

/// <summary>The base URL for links in API answers.</summary>
internal static class ApiUrls
{
    public static string BaseUrl(this HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<StockbeatOptions>>().Value.PublicUrl?.TrimEnd('/')
        ?? $"{context.Request.Scheme}://{context.Request.Host}";
}
