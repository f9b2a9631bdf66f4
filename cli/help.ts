// What `--help` prints, for the program and for each command.

const GLOBAL = `Options for every command:
  --server URL      the Parley server (default: $PARLEY_URL, else the server of \`parley login\`, else
                    http://localhost:3000)
  --api-key KEY     an API key, sent as Authorization: Bearer (default: $PARLEY_API_KEY, else the key
                    \`parley login\` saved, on its server)
  --json            newline-delimited event envelopes on stdout, for scripts and pipes
  --no-color        no colours (also when NO_COLOR is set or stdout is not a terminal)
  -h, --help        this help`;

const EXIT_CODES = `Exit codes:
  0    the run completed (tail and session: ended normally)
  1    the run failed or was cancelled
  2    usage error: a wrong option, or an id that does not exist
  3    cannot reach the server, or it refused the credentials
  130  Ctrl-C: detached, the run goes on`;

export const HELP: Record<string, string> = {
  main: `parley — watch Parley's AI agents work, live, in a terminal

Usage:
  parley run "<task>" [--strategy pipeline|debate|race] [--rounds N] [--budget USD] [--model ID]
  parley watch <run-id>
  parley replay <run-id> [--speed 1|4|16]
  parley fork <run-id> --at <turn> ["<instruction>"] [--model ID] [--user-id ID]
  parley tail <channel> [--types agent.*,run.completed]
  parley session <session-id> [--user-id ID]
  parley say <run-id> "<note>" [--to Agent] [--user-id ID]
  parley gateway
  parley login [--url URL] [--no-browser]
  parley logout

Commands:
  run       start a run and show it live: a panel per agent, progress, tokens, cost, the verdict
  watch     attach to a run in progress, or show a finished one
  replay    play a run back from its stored events, at its own pace or faster
  fork      re-run a run from one of its turns with one change: earlier turns kept, the rest live
  tail      follow a hub channel (needs an API key with subscribe scope)
  session   follow a collaborative session's chat; editors can send messages
  say       send a note to a live run's agents: each reads it in its next turn
  gateway   every model call through the LLM gateway, live: text, tokens, cost, latency
  login     sign this terminal in through the browser: an API key of yours, saved for the other commands
  logout    revoke the saved key and forget it

${GLOBAL}

${EXIT_CODES}

Run \`parley <command> --help\` for a command's options.`,

  run: `parley run "<task>" — start a run and show it live

Usage:
  parley run "<task>" [options]

Options:
  --strategy NAME   pipeline (Architect → Coder → Reviewer → Refiner → Documenter), debate (agents argue,
                    a judge decides) or race (models race; the first good answer wins). Default: the
                    server picks from the task.
  --rounds N        debate rounds, 1–5
  --budget USD      stop the run when it has cost this much
  --model ID        demo, openai:<model>, anthropic:<model> or compatible:<model> (the server must have
                    that provider's key; without keys every agent uses the built-in demo model)
  --seed N          the demo model's seed: the same seed and task give the same run
  --approve MODE    each_step or final: the run waits at a gate for approval; on a terminal you answer
                    a prompt there (approve, redirect with a note, reject)

On a terminal the run is a live dashboard; Ctrl-C asks whether to cancel it (y) or detach and leave it
running (n). Piped, it prints one line per step and each agent's text; with --json, every event.

Anyone may start runs unless the server sets PARLEY_RUNS_REQUIRE_AUTH; then pass --api-key.

${GLOBAL}

Examples:
  parley run "Build a REST API with JWT auth"
  parley run "Tabs or spaces?" --strategy debate --rounds 2
  parley run "Summarise RFC 9110 in one sentence" --strategy race --json | jq -c 'select(.type=="run.completed")'

${EXIT_CODES}`,

  say: `parley say <run-id> "<note>" — a note to a live run's agents

Usage:
  parley say <run-id> "<note>" [--to Agent] [--user-id ID]

Every agent (or only --to) reads the note in its next turn. Editors of the run's session may send
notes (--user-id behind a trusted proxy, or --api-key); outside a session, whoever started the run.

${GLOBAL}`,

  fork: `parley fork <run-id> --at <turn> "<instruction>" — re-run a run from one of its turns

Usage:
  parley fork <run-id> --at <turn> ["<instruction>"] [--model ID] [--user-id ID]

A new run: the turns before --at (a turn id, or its number in the run: 3 is the third turn) are carried
over as they were — not run again, not billed again — and from there it runs live, the agent at --at
reading the instruction as a note. --model gives the live turns another model. Prints the new run's id
and page, then shows it like \`parley run\`. Whoever may start a run in the run's session may fork it
(--user-id behind a trusted proxy, or --api-key); an external run cannot be forked.

Examples:
  parley fork run_… --at 3 "Keep the sessions in Redis"
  parley fork run_… --at run_…_t2 --model demo:swift

${GLOBAL}

${EXIT_CODES}`,

  watch: `parley watch <run-id> — attach to a run, or show a finished one

Usage:
  parley watch <run-id> [options]

Shows a run in progress live from its first event (everything so far, then as it happens), or a finished
run from its stored state. With --json, prints the run's events while the server still has them.
Ctrl-C asks whether to cancel the run when you may (the key that started it, an editor of its session);
anyone else's Ctrl-C detaches. At a gate, those who may steer answer a prompt (approve, redirect, reject);
the dashboard shows everyone what each decision needs and for whom the run waits.

${GLOBAL}

${EXIT_CODES}`,

  replay: `parley replay <run-id> — play a run back from its stored events

Usage:
  parley replay <run-id> [--speed N] [options]

Options:
  --speed N         how many times faster than the run went (default 1; 4 and 16 are handy, at most 1000).
                    Waits longer than 1.5 s (a gate waiting for people, a comment the next day) pass in 1.5 s.

Shows the run as \`parley watch\` showed it live — the same dashboard on a terminal, plain lines in a pipe,
the events with --json — with the people's notes, votes and comments where they happened. Ctrl-C stops the
replay. A run still going is replayed up to its latest event.

${GLOBAL}

Examples:
  parley replay run_0mwqsm4b90000h4xggw --speed 4
  parley replay run_0mwqsm4b90000h4xggw --speed 1000 --json | jq -r .type

${EXIT_CODES}`,

  tail: `parley tail <channel> — follow a hub channel

Usage:
  parley tail <channel> [--types PATTERNS] [--since CURSOR] [options]

Options:
  --types PATTERNS  only these event types: exact names or prefixes, comma-separated (agent.*,run.completed)
  --since CURSOR    start after this event id instead of from now (e.g. the last id a previous tail printed)

Needs an API key with subscribe scope on the channel: --api-key or PARLEY_API_KEY
(create one on the server's /keys page, or with \`npm run apikey -- --name me\`). Runs until Ctrl-C.

${GLOBAL}

Examples:
  parley tail ingest --types 'ingest.job.*'
  parley tail ingest --json | jq -r .type

${EXIT_CODES}`,

  session: `parley session <session-id> — follow a session's chat, and talk in it

Usage:
  parley session <session-id> [--user-id ID] [--join INVITE --name NAME] [options]

Options:
  --user-id ID      who you are in the session (default: $PARLEY_USER_ID), sent as X-User-ID
  --join INVITE     join first with an invite token (or the whole invite link)
  --name NAME       your display name when joining (default: "Terminal")

Who you are: sessions know people by the browser's identity cookie; API keys have no session identity.
From a terminal you can:
  - read a public session with no identity at all;
  - act as a user with --user-id, which only a server started with PARLEY_TRUST_USER_HEADER=true accepts
    (use it on your own machine or behind a proxy you trust). Your browser's user id is shown by
    GET /api/v1/me. Editors and owners get a prompt to send messages; viewers only read.
A server that does not trust X-User-ID answers as if you were anonymous: a private session is "not found".

${GLOBAL}

${EXIT_CODES}`,

  gateway: `parley gateway — every model call through the LLM gateway, live

Usage:
  parley gateway [options]

On a terminal: a dashboard of the calls streaming now (agent, model, their text as it arrives), the
recent calls (time, agent, model, tokens, cost, latency, status) and the last hour's totals per agent
and per model. In a pipe: one line per call started, completed or failed; with --json, the gateway's
events (gateway.request_started, gateway.text_delta, gateway.completed, gateway.failed). Until Ctrl-C.

Needs an API key that may subscribe to the gateway channel: --api-key or PARLEY_API_KEY
(create one on the server's /keys page with the subscribe scope on \`gateway\`, or with
\`npm run apikey -- --name me --scope subscribe:gateway\`).

${GLOBAL}

Examples:
  parley gateway
  parley gateway --json | jq -c 'select(.type=="gateway.completed").data'

${EXIT_CODES}`,

  login: `parley login — sign this terminal in through the browser

Usage:
  parley login [--url URL] [--no-browser]

Prints a code and a link, and opens the link in the browser (where it can; --no-browser never tries).
Check the code there and press Allow: the server makes an API key of whoever the browser is (your
account when signed in, else that browser's guest) named "parley CLI on <this computer>", and this
command saves it in $XDG_CONFIG_HOME/parley/config.json (else ~/.config/parley/config.json, readable by
you only). From then on every command uses it on that server when --api-key and PARLEY_API_KEY are not
given, and that server is the default one. The code expires after 10 minutes.

  --url URL         the server to sign in to (the same as --server)
  --no-browser      only print the link (for a remote shell: open it on any device)

${EXIT_CODES}`,

  logout: `parley logout — revoke the saved key and forget it

Usage:
  parley logout

Revokes the key \`parley login\` saved (on its server) and removes the file it is saved in. A key that
was already revoked, or a server that cannot be reached, does not stop the file being removed (the
message says where to revoke it then).`,
};
