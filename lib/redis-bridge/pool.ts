// A few pipelined command connections shared by every request, reconnected lazily after a failure.
import { type CommandArg, RespConnection, type RespReply } from "./resp";

export class RespPool {
  private readonly connections: (Promise<RespConnection> | null)[];
  private next = 0;

  constructor(
    private readonly url: string,
    size: number,
    private readonly name?: string,
  ) {
    this.connections = Array.from({ length: size }, () => null);
  }

  /** Sends the commands together on one connection: Redis runs them back to back, in order. */
  async send(commands: readonly (readonly CommandArg[])[]): Promise<RespReply[]> {
    const slot = this.next++ % this.connections.length;
    const connection = await this.connection(slot);
    return connection.send(commands);
  }

  private connection(slot: number): Promise<RespConnection> {
    const existing = this.connections[slot];
    if (existing) return existing;
    const forget = () => {
      if (this.connections[slot] === created) this.connections[slot] = null;
    };
    const created = RespConnection.connect(this.url, { name: this.name }).then((c) => {
      c.onClose(forget);
      return c;
    });
    created.catch(forget);
    this.connections[slot] = created;
    return created;
  }

  close(): void {
    for (const c of this.connections)
      void c?.then(
        (conn) => conn.close(),
        () => {},
      );
    this.connections.fill(null);
  }
}
