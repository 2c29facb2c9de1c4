using System.CommandLine;
using Stockbeat.Core.Reconciliation;
using Stockbeat.Reconcile;

namespace Stockbeat;

/// <summary><c>stockbeat reconcile</c>: compares an ERP stock snapshot with a store snapshot.</summary>
internal static class ReconcileCommand
{
    public static Command Create()
    {
        var source = Text("--source", "file", "The reference snapshot, e.g. the ERP export (CSV with a header, or JSON lines). Required.");
        var target = Text("--target", "file", "The snapshot checked against it, e.g. the store export (CSV or JSON lines). Required.");
        var key = Text("--key", "column", $"The SKU column (CSV header or JSON field, any case). Default: {SnapshotColumns.DefaultKey}.");
        var quantity = Text("--qty", "column", $"The quantity column. Default: {SnapshotColumns.DefaultQuantity}.");
        var output = Text("--out", "file", "Write the discrepancies to this file: .csv, .json (an array) or .jsonl (one object per line).");
        var reportTo = Text("--report-to", "url", "A monitor's ping URL: sends a start ping, then the counts as a run report (/fail above --fail-above).");
        var failAbove = Text("--fail-above", "rate", "Exit with 1 (and report a failed run) when the discrepancy rate is above this: 0.5% or 0.005.");
        var command = new Command(
            "reconcile",
            "Compare two stock snapshots SKU by SKU and report quantity differences, missing SKUs, duplicates, malformed rows and oversold SKUs. " +
            "Exit codes: 0 ok, 1 discrepancy rate above --fail-above, 2 usage or input error.")
        {
            source, target, key, quantity, output, reportTo, failAbove,
        };
        // Usage errors exit with 2, as input errors do, so they are checked by the action rather than by the parser
        // (which exits with 1): stray words land in this hidden argument and are refused there.
        var stray = new Argument<string[]>("stray") { Arity = ArgumentArity.ZeroOrMore, Hidden = true };
        command.Arguments.Add(stray);
        command.SetAction(async (result, ct) =>
        {
            if (result.GetValue(stray) is [var word, ..])
            {
                await Console.Error.WriteLineAsync($"error: unexpected argument '{word}'\nSee 'stockbeat reconcile --help'.");
                return ReconcileExitCodes.InputError;
            }

            if (!TryValidate(result, out var settings, out var error, source, target, key, quantity, output, reportTo, failAbove))
            {
                await Console.Error.WriteLineAsync($"error: {error}\nSee 'stockbeat reconcile --help'.");
                return ReconcileExitCodes.InputError;
            }

            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.UserAgent.ParseAdd("stockbeat-reconcile/1");
            var reporter = settings.ReportTo is null ? null : new ReconcileReporter(http, Console.Error, TimeProvider.System);
            var runner = new ReconcileRunner(Console.Out, Console.Error, showProgress: !Console.IsErrorRedirected, TimeProvider.System);
            return await runner.RunAsync(settings, reporter, ct);
        });
        return command;
    }

    private static bool TryValidate(
        ParseResult result, out ReconcileSettings settings, out string error, Option<string?> source, Option<string?> target,
        Option<string?> key, Option<string?> quantity, Option<string?> output, Option<string?> reportTo, Option<string?> failAbove)
    {
        settings = null!;
        error = "";
        var sourcePath = result.GetValue(source);
        var targetPath = result.GetValue(target);
        if (string.IsNullOrWhiteSpace(sourcePath) || string.IsNullOrWhiteSpace(targetPath))
        {
            error = string.IsNullOrWhiteSpace(sourcePath) ? "--source <file> is required" : "--target <file> is required";
            return false;
        }

        var columns = new SnapshotColumns(
            NonEmpty(result.GetValue(key)) ?? SnapshotColumns.DefaultKey,
            NonEmpty(result.GetValue(quantity)) ?? SnapshotColumns.DefaultQuantity);
        if (columns.IsKey(columns.Quantity))
        {
            error = $"--key and --qty name the same column '{columns.Key}'";
            return false;
        }

        var outputPath = NonEmpty(result.GetValue(output));
        if (outputPath is not null && !DiscrepancyWriter.IsSupported(outputPath))
        {
            error = $"--out '{outputPath}' has an unknown extension; use {string.Join(", ", DiscrepancyWriter.Extensions)}";
            return false;
        }

        if (outputPath is not null && (SamePath(outputPath, sourcePath) || SamePath(outputPath, targetPath)))
        {
            error = $"--out '{outputPath}' is one of the snapshots; writing it would destroy the input";
            return false;
        }

        Uri? pingUrl = null;
        if (NonEmpty(result.GetValue(reportTo)) is { } url && !ReconcileReporter.TryParseUrl(url, out pingUrl, out error))
        {
            return false;
        }

        double? limit = null;
        if (result.GetValue(failAbove) is { } rate)
        {
            if (!DiscrepancyThreshold.TryParse(rate, out var fraction, out var rateError))
            {
                error = $"--fail-above: {rateError}";
                return false;
            }

            limit = fraction;
        }

        settings = new ReconcileSettings(sourcePath, targetPath, columns, outputPath, pingUrl, limit);
        return true;
    }

    private static Option<string?> Text(string name, string helpName, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
        // A missing value is reported by the command with exit code 2 rather than by the parser.
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
