// The command endpoints: POST / (one command), /pipeline (several, in order, each with its own outcome)
// and /multi-exec (several, atomically).
import { type Outcome, outcome, parseCommand, parseCommandList } from "./commands";
import type { CommandConnections } from "./connections";
import { type CommandArg, ErrorReply } from "./redis";
import { ScriptTranslator } from "./scripts";

export type CommandEndpoint = "command" | "pipeline" | "multi_exec";

export const COMMAND_PATHS: ReadonlyMap<string, CommandEndpoint> = new Map([
  ["/", "command"],
  ["/pipeline", "pipeline"],
  ["/multi-exec", "multi_exec"],
]);

/** An HTTP status and the JSON body to answer with. */
export type EndpointReply = [status: number, body: unknown];

export class CommandEndpoints {
  /** Redis commands run on behalf of requests (a pipeline of 5 counts 5). */
  commands = 0;
  private readonly scripts = new ScriptTranslator();

  constructor(private readonly connections: CommandConnections) {}

  run(endpoint: CommandEndpoint, body: unknown, base64: boolean): Promise<EndpointReply> {
    if (endpoint === "command") return this.command(body, base64);
    if (endpoint === "pipeline") return this.pipeline(body, base64);
    return this.transaction(body, base64);
  }

  private async command(body: unknown, base64: boolean): Promise<EndpointReply> {
    const [reply = null] = await this.connections.send(this.prepare([parseCommand(body)]));
    const result = outcome(reply, base64);
    return "error" in result ? [400, result] : [200, result];
  }

  private async pipeline(body: unknown, base64: boolean): Promise<EndpointReply> {
    const replies = await this.connections.send(this.prepare(parseCommandList(body)));
    return [200, replies.map((r) => outcome(r, base64))];
  }

  private async transaction(body: unknown, base64: boolean): Promise<EndpointReply> {
    const list = this.prepare(parseCommandList(body));
    // MULTI … EXEC in one write on one connection: Redis runs the whole block with nothing in between.
    const replies = await this.connections.send([["MULTI"], ...list, ["EXEC"]]);
    const exec = replies.at(-1);
    if (exec instanceof ErrorReply) {
      const queued = replies.slice(1, -1).find((r) => r instanceof ErrorReply);
      return [400, { error: queued instanceof ErrorReply ? `${exec.message} (${queued.message})` : exec.message }];
    }
    if (!Array.isArray(exec)) return [400, { error: "ERR the transaction was aborted" }];
    return [200, exec.map((r): Outcome => outcome(r, base64))];
  }

  /** Commands as Redis should see them (scripts made portable), counted. */
  private prepare(commands: CommandArg[][]): CommandArg[][] {
    this.commands += commands.length;
    return commands.map((c) => this.scripts.translate(c));
  }
}
