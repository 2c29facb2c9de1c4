using System.CommandLine;

namespace Stockbeat;

/// <summary>The <c>stockbeat</c> command line.</summary>
internal static class Cli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Stockbeat: a self-hosted monitor for inventory sync jobs.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(PingCommand.Create());
        root.Subcommands.Add(Monitors.MonitorsCommand.Create());
        root.Subcommands.Add(Planning.PlanCommand.Create());
        root.Subcommands.Add(ReconcileCommand.Create());
        return root;
    }
}
