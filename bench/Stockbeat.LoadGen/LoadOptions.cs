using System.Globalization;
using System.Net;

namespace Stockbeat.LoadGen;

/// <summary>Command-line settings; every address must be a loopback address.</summary>
internal sealed class LoadOptions
{
    public string Command { get; private set; } = "run";

    public List<Uri> Urls { get; } = [];

    public Uri? Base { get; private set; }

    public string? UuidsFile { get; private set; }

    public int Connections { get; private set; } = 64;

    public double Rate { get; private set; }

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);

    public long Requests { get; private set; }

    public TimeSpan Warmup { get; private set; }

    public bool NewConnection { get; private set; }

    public string Method { get; private set; } = "GET";

    public string Label { get; private set; } = "run";

    public string? ApiKey { get; private set; }

    public int Count { get; private set; } = 1000;

    public string? OutFile { get; private set; }

    public int Seed { get; private set; } = 1;

    public const string Usage = """
        stockbeat-loadgen: HTTP load for loopback servers only.

          run       (default) send requests and report throughput and latency
            --url URL               a target; repeat for several (all on one host:port)
            --base URL --uuids FILE targets BASE/ping/{uuid} for each uuid in FILE, picked at random
            --connections N         concurrent connections (default 64)
            --rate R                open loop at R req/s in total; latency counts from the intended send
                                    time, so a stalled server is not hidden (no coordinated omission).
                                    0 (default) is closed loop: each connection sends when answered
            --duration S            seconds to run (default 10); --requests N stops after N requests
            --warmup S              seconds at the start that are sent but not recorded
            --new-connection        one TCP connection per request, closed after it (like curl in cron)
            --method M              GET (default), POST or HEAD
            --label TEXT            name printed on the result line
            --seed N                random seed for target choice (default 1)

          register  create monitors through the management API and write their uuids
            --base URL --api-key KEY --count M [--connections N] --out FILE
        """;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        var i = 0;
        if (args.Length > 0 && !args[0].StartsWith('-'))
        {
            options.Command = args[0] is "run" or "register" ? args[0] : throw new ArgumentException($"Unknown command '{args[0]}'.");
            i = 1;
        }

        for (; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--new-connection")
            {
                options.NewConnection = true;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value.");
            }

            var value = args[++i];
            var inv = CultureInfo.InvariantCulture;
            switch (name)
            {
                case "--url": options.Urls.Add(Loopback(value)); break;
                case "--base": options.Base = Loopback(value); break;
                case "--uuids": options.UuidsFile = value; break;
                case "--connections": options.Connections = Positive(name, int.Parse(value, inv)); break;
                case "--rate": options.Rate = double.Parse(value, inv); break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(double.Parse(value, inv)); break;
                case "--requests": options.Requests = long.Parse(value, inv); break;
                case "--warmup": options.Warmup = TimeSpan.FromSeconds(double.Parse(value, inv)); break;
                case "--method": options.Method = value.ToUpperInvariant() is "GET" or "POST" or "HEAD" ? value.ToUpperInvariant() : throw new ArgumentException("--method must be GET, POST or HEAD."); break;
                case "--label": options.Label = value; break;
                case "--api-key": options.ApiKey = value; break;
                case "--count": options.Count = Positive(name, int.Parse(value, inv)); break;
                case "--out": options.OutFile = value; break;
                case "--seed": options.Seed = int.Parse(value, inv); break;
                default: throw new ArgumentException($"Unknown option {name}.");
            }
        }

        if (options.Warmup >= options.Duration && options.Requests == 0)
        {
            throw new ArgumentException("--warmup must be shorter than --duration.");
        }

        return options;
    }

    /// <summary>The endpoint of a URL, refused unless it is a loopback address.</summary>
    public static IPEndPoint EndPointOf(Uri uri)
    {
        var address = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(uri.Host.Trim('[', ']'));
        return new IPEndPoint(address, uri.Port);
    }

    // A load generator pointed at someone else's server is an attack; only this machine is a target.
    private static Uri Loopback(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"'{text}' is not an http:// URL.");
        }

        var host = uri.Host.Trim('[', ']');
        if (host != "localhost" && !(IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address)))
        {
            throw new ArgumentException($"Refusing '{text}': only loopback addresses (127.0.0.0/8, ::1, localhost) are allowed.");
        }

        return uri;
    }

    private static int Positive(string name, int value) =>
        value > 0 ? value : throw new ArgumentException($"{name} must be positive.");
}
