import "server-only";
// The events spec's streams as SSE (lib/dialects/events-spec): a project's channel read like any hub
// channel (an API key with subscribe scope on `project.<id>`, or a read token it minted), from the oldest
// event the hub retains, then live — a job page opened mid-job sees the job so far.
import { ReaderGrant } from "@/lib/auth/reader-grant";
import { eventsSpecDialect } from "@/lib/dialects/events-spec/dialect";
import { projectId } from "@/lib/dialects/events-spec/publish";
import { projectChannelName, SPEC_KINDS, type SpecKind } from "@/lib/dialects/events-spec/schema";
import { AppError } from "@/lib/errors";
import { hubChannel } from "@/lib/events/envelope";
import { requireChannelReader } from "../identity/credentials";
import { dialectFraming } from "./dialect-stream";
import { serveStream } from "./serve-stream";

function specKind(raw: string): SpecKind {
  const kind = SPEC_KINDS.find((k) => k === raw);
  if (!kind) throw new AppError("not_found", `No such stream: a project streams ${SPEC_KINDS.join(", ")}`);
  return kind;
}

export async function serveSpecStream(
  request: Request,
  params: { project: string; kind: string; id?: string },
): Promise<Response> {
  const kind = specKind(params.kind);
  const name = projectChannelName(projectId(params.project));
  const reader = await requireChannelReader(request, name);
  const holder = reader.token ? {} : { keyId: reader.keyId };
  const options = {
    channel: hubChannel(name),
    start: "beginning" as const,
    ...dialectFraming(eventsSpecDialect({ kind, id: params.id ?? null })),
  };
  return serveStream(request, ReaderGrant.ofKey(reader.keyId), options, holder);
}
