using Mip.Cli;

return MipApp.Run(args);
