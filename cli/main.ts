// The `parley` program: parse the command line, run one command, exit with its code. Every failure a
// user can act on is a CliError with a one-line message; anything else is a bug and says so.
import { COMMANDS, parseCommandLine } from "./args";
import { gatewayCommand } from "./commands/gateway";
import { loginCommand, logoutCommand } from "./commands/login";
import { replayCommand } from "./commands/replay";
import { forkCommand, runCommand, watchCommand } from "./commands/run";
import { sessionCommand } from "./commands/session";
import { sayCommand } from "./commands/steer";
import { tailCommand } from "./commands/tail";
import { readEnv } from "./config";
import { CliError, EXIT, type ExitCode } from "./errors";
import { HELP } from "./help";
import { configFilePath, readSavedLogin } from "./saved-login";

async function main(argv: string[]): Promise<ExitCode> {
  const io = { stdout: process.stdout, stderr: process.stderr };
  const file = configFilePath(process.env);
  const env = readEnv(process.env, { login: readSavedLogin(file), file });
  const { command, globals } = parseCommandLine(argv, env, Boolean(process.stdout.isTTY));
  switch (command.name) {
    case "help": {
      const text = HELP[command.topic];
      if (!text) throw new CliError(EXIT.usage, `No help for "${command.topic}". Commands: ${COMMANDS}.`);
      io.stdout.write(`${text}\n`);
      return EXIT.ok;
    }
    case "run":
      return runCommand(command.input, globals, io);
    case "watch":
      return watchCommand(command.runId, globals, io);
    case "replay":
      return replayCommand(command, globals, io);
    case "tail":
      return tailCommand(command, globals, io);
    case "session":
      return sessionCommand(command, globals, io);
    case "gateway":
      return gatewayCommand(globals, io);
    case "say":
      return sayCommand(command, globals, io);
    case "fork":
      return forkCommand(command, globals, io);
    case "login":
      return loginCommand(command, globals, io);
    case "logout":
      return logoutCommand(globals, io);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // Idle keep-alive sockets must not keep a finished command alive; stdout is flushed first.
    process.stdout.write("", () => process.exit(code));
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`parley: ${error.message}\n`);
      process.exit(error.exitCode);
    }
    process.stderr.write(`parley: unexpected error (a bug — please report it):\n${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
