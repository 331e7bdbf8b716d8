using LcPfn.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
