// What kind of stream a response serves, as the metrics label it.
export const STREAM_KINDS = ["run", "session", "channel", "compat"] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

/** A run, session or hub channel by its hub channel name; any re-framed stream (the seed's formats) is compat. */
export function streamKindOf(channel: string, reframed: boolean): StreamKind {
  if (reframed) return "compat";
  if (channel.startsWith("run:")) return "run";
  if (channel.startsWith("session:")) return "session";
  return "channel";
}
