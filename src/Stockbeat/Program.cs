using System.CommandLine;
using Stockbeat;

return await Cli.Build().Parse(args).InvokeAsync();
