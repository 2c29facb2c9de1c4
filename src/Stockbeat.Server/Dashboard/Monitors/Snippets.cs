using static Stockbeat.Server.Dashboard.Html;

namespace Stockbeat.Server.Dashboard.Monitors;

/// <summary>Copy-paste examples for reporting a sync to its ping URL.</summary>
internal static class Snippets
{
    public static Markup For(string pingUrl, string baseUrl, string slug)
    {
        var name = slug.Length > 0 ? slug : "my-sync";
        var curl = $"""
            # at the start of the sync
            curl -fsS -m 10 --retry 5 -o /dev/null {pingUrl}/start
            # when it finishes: success, or /fail with the exit status
            ./sync-stock.sh && curl -fsS -m 10 --retry 5 -o /dev/null {pingUrl} \
                           || curl -fsS -m 10 --retry 5 -o /dev/null {pingUrl}/fail
            """;
        var fetch = $$"""
            const url = "{{pingUrl}}";
            await fetch(`${url}/start`, { method: "POST" }).catch(() => {});
            try {
              const report = await syncStock(); // e.g. { total: 12000, updated: 340, errors: 0 }
              await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(report) });
            } catch (error) {
              await fetch(`${url}/fail`, { method: "POST", body: String(error) });
              throw error;
            }
            """;
        var sdk = $$"""
            // client: the Stockbeat SDK client for {{baseUrl}} with your project's ping key
            await using var run = await client.StartAsync("{{name}}");
            await SyncStockAsync();          // an exception reports the run as failed
            await run.SucceedAsync();
            """;
        var cli = $"""
            # runs the command, sends /start, then success or /fail with its exit status
            stockbeat run {name} -- ./sync-stock.sh
            """;
        return H($"""
            <div class="snippets">
              {Block("curl (cron, shell)", "snippet-curl", curl)}
              {Block("JavaScript fetch", "snippet-js", fetch)}
              {Block(".NET SDK", "snippet-dotnet", sdk)}
              {Block("stockbeat run", "snippet-cli", cli)}
            </div>
            """);
    }

    private static Markup Block(string title, string id, string code) => H($"""
        <details class="snippet"{If(id == "snippet-curl", $" open")}>
          <summary>{title}</summary>
          <div class="code"><button type="button" class="button small copy" data-copy="{id}">Copy</button><pre id="{id}"><code>{code}</code></pre></div>
        </details>
        """);
}
