using System.CommandLine;
using Stockbeat;

// `run` hands its command's arguments over untouched (`curl -d @payload.json`), so no response files; and each
// command handles signals itself: serve through the host's lifetime, run by forwarding them to its child.
var parsing = new ParserConfiguration { ResponseFileTokenReplacer = null };
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await Cli.Build().Parse(args, parsing).InvokeAsync(invocation);
