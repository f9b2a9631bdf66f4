import Link from "next/link";
import { OpenChannelForm } from "@/components/open-channel-form";
import { NewRunForm } from "@/components/run/new-run-form";
import { RecentRuns } from "@/components/run/recent-runs";
import { CreateSessionForm } from "@/components/session/create-session-form";
import { FlashNotice } from "@/components/ui/flash-notice";
import { requestOrigin } from "@/lib/http/identity/page-origin";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const origin = await requestOrigin();
  return (
    <div className="space-y-12">
      <FlashNotice />
      <section className="space-y-4">
        <h1 className="text-4xl font-bold tracking-tight">Watch AI agents work, live, together.</h1>
        <p className="max-w-2xl text-lg text-zinc-600 dark:text-zinc-400">
          Parley streams every step of a multi-agent run — each model call, each token, each verdict — to everyone watching, as it
          happens. Outside systems publish their own events to channels and see them fan out to browsers and terminals with the
          same guarantees: in order, once, and resumable after a dropped connection.
        </p>
      </section>

      <RunsSection />
      <SessionsSection />
      <ChannelsSection origin={origin} />
    </div>
  );
}

function RunsSection() {
  return (
    <section id="runs" aria-labelledby="runs-heading" className="space-y-4">
      <h2 id="runs-heading" className="text-2xl font-semibold">
        Start a run
      </h2>
      <p className="max-w-2xl text-zinc-600 dark:text-zinc-400">
        Give agents a task and watch them work: a pipeline that designs, codes, reviews, refines and documents; a debate with a
        judge; or a race between models. With no API key configured, the built-in demo model answers.
      </p>
      <NewRunForm />
      <h3 className="pt-2 text-sm font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Your recent runs</h3>
      <RecentRuns />
    </section>
  );
}

function SessionsSection() {
  return (
    <section id="sessions" aria-labelledby="sessions-heading" className="space-y-4">
      <h2 id="sessions-heading" className="text-2xl font-semibold">
        Start a session
      </h2>
      <p className="max-w-2xl text-zinc-600 dark:text-zinc-400">
        A shared room: invite people with a link, chat live with roles (owner, editor, viewer), and see who is online.
      </p>
      <CreateSessionForm />
    </section>
  );
}

/** The channel console, and how to publish to a channel from anywhere with an API key. */
function ChannelsSection({ origin }: { origin: string }) {
  return (
    <section id="channels" aria-labelledby="channels-heading" className="space-y-4">
      <h2 id="channels-heading" className="text-2xl font-semibold">
        Channel console
      </h2>
      <p className="max-w-2xl text-zinc-600 dark:text-zinc-400">
        Follow any channel live.{" "}
        <Link href="/keys" className="text-indigo-700 underline dark:text-indigo-300">
          Create an API key
        </Link>
        , open a channel&apos;s console and send it a test event — or publish from anywhere with the key:
      </p>
      <OpenChannelForm />
      <pre
        data-testid="curl-example"
        className="whitespace-pre-wrap break-all rounded-lg bg-zinc-100 p-4 text-sm dark:bg-zinc-900"
      >
        <code>{`curl -X POST ${origin}/api/v1/channels/demo/events \\
-H "Authorization: Bearer $PARLEY_API_KEY" -H "Content-Type: application/json" \\
-d '{"type":"ingest.job.updated","data":{"job":"nightly","state":"running"}}'`}</code>
      </pre>
    </section>
  );
}
