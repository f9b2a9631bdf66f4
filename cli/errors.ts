// Exit codes and the one error type the commands throw: main.ts prints its message and exits with its code.

export const EXIT = {
  /** The run completed (or a follow command ended normally). */
  ok: 0,
  /** The run failed or was cancelled. */
  runFailed: 1,
  /** The command line is wrong, or names something that does not exist. */
  usage: 2,
  /** The server cannot be reached, or refused our credentials. */
  unreachable: 3,
  /** Ctrl-C, detaching from a run that goes on. */
  detached: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  /** The server is away or failing for now: asking again later may work (a refusal will not). */
  readonly retryable: boolean;

  constructor(
    readonly exitCode: ExitCode,
    message: string,
    options: { retryable?: boolean } = {},
  ) {
    super(message);
    this.retryable = options.retryable ?? false;
  }
}

export const usageError = (message: string) => new CliError(EXIT.usage, message);
