// The baseline of the throughput comparison: the same Kestrel and routing as `stockbeat serve`, the same
// /ping/{**rest} route shape and answer, and no I/O at all. Whatever Stockbeat does beyond this (parsing,
// queueing, the database, the disk flush) is the gap the comparison measures.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.Map("/ping/{**rest}", static (HttpContext context) =>
{
    context.Response.ContentType = "text/plain; charset=utf-8";
    return context.Response.WriteAsync("OK");
});
app.Run();
