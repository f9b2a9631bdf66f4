// A few command connections shared by every request (each pipelines whatever it is given), used in turn
// and replaced lazily after a failure.
import { type CommandArg, connectRedis, type RedisConnection, type RedisReply, sendCommands } from "./redis";

export class CommandConnections {
  private readonly connections: (Promise<RedisConnection> | null)[];
  private next = 0;

  constructor(
    private readonly url: string,
    size: number,
    private readonly name?: string,
  ) {
    this.connections = Array.from({ length: size }, () => null);
  }

  /** Sends the commands together on one connection: Redis runs them back to back, in order. */
  async send(commands: readonly (readonly CommandArg[])[]): Promise<RedisReply[]> {
    const slot = this.next++ % this.connections.length;
    return sendCommands(await this.connection(slot), commands);
  }

  private connection(slot: number): Promise<RedisConnection> {
    const existing = this.connections[slot];
    if (existing) return existing;
    const forget = () => {
      if (this.connections[slot] === created) this.connections[slot] = null;
    };
    const created = connectRedis(this.url, { name: this.name, onLost: forget });
    created.catch(forget);
    this.connections[slot] = created;
    return created;
  }

  close(): void {
    for (const c of this.connections)
      void c?.then(
        (connection) => connection.destroy(),
        () => {},
      );
    this.connections.fill(null);
  }
}
