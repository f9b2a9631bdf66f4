// The demo model's debates: each side argues for one of the options the task names ("microservices or a
// monolith?"), answers the other side's point in later rounds, and the judge picks one with a condition.
// Deterministic for a seed, like the rest of the demo text.
import type { DemoBrief } from "./demo-brief";

interface Case {
  /** Why to choose it. */
  strengths: string[];
  /** What it costs. */
  costs: string[];
  /** When it is the right call. */
  when: string;
}

/** What is known about common options; anything else gets a case built from its name. */
const KNOWN: [RegExp, Case][] = [
  [
    /micro-?services?/i,
    {
      strengths: [
        "teams deploy their service on their own schedule, without a release train",
        "a hot path (search, checkout) scales on its own instead of scaling everything",
        "a failure stays inside one service when the boundaries and timeouts are right",
      ],
      costs: [
        "every call between services is now a network call that can time out, retry and fail halfway",
        "you need tracing, service discovery and per-service deploys before the first feature ships",
        "a change that spans services needs versioned contracts and coordinated releases",
      ],
      when: "several teams own clearly separate domains and one part needs to scale differently",
    },
  ],
  [
    /monolith/i,
    {
      strengths: [
        "one codebase, one deploy and one database transaction: a refactor is a single commit",
        "a call between modules is a function call — no network, no partial failure",
        "a small team ships features instead of running infrastructure",
      ],
      costs: [
        "one slow module can drag the whole process down, and it all scales as one",
        "without enforced module boundaries it drifts into a ball of mud",
        "every team shares one release, so one broken change blocks everyone",
      ],
      when: "there is one team, the domain is still being discovered and no part has its own scaling needs yet",
    },
  ],
  [
    /postgres|mysql|sql\b|relational/i,
    {
      strengths: [
        "transactions and constraints keep the data right without application code",
        "ad-hoc queries and reports work on day one",
        "the tooling, backups and hosting are mature and cheap",
      ],
      costs: ["schema changes on large tables need care", "scaling writes past one primary takes sharding or a different design"],
      when: "the data is relational and correctness matters more than raw write volume",
    },
  ],
  [
    /mongo|nosql|document|dynamo/i,
    {
      strengths: ["documents match the shape the application reads, with no joins", "horizontal scaling of writes is built in"],
      costs: ["cross-document consistency is the application's problem", "reporting across collections is awkward"],
      when: "access patterns are known up front and write volume is the constraint",
    },
  ],
];

function caseFor(option: string): Case {
  const known = KNOWN.find(([match]) => match.test(option));
  if (known) return known[1];
  return {
    strengths: [
      `${option} solves the problem in front of us directly`,
      `the team can start with ${option} this week and learn from real use`,
      `${option} keeps the option to change course later`,
    ],
    costs: [
      `${option} adds something new that someone must own and operate`,
      `the benefits of ${option} are not yet measured for our case`,
    ],
    when: `the benefits of ${option} show up in our own numbers, not only in others' stories`,
  };
}

const clean = (s: string) =>
  s
    .trim()
    .replace(/^(to |using |use |adopting |adopt |going with |go with |with )/i, "")
    .replace(/\s+(for|in|on|at)\s.*$/i, "")
    .replace(/[?.!…,;:]+$/, "")
    .trim();

/** The options a task weighs: "A or B", "A vs B", "between A and B"; else the proposal and not doing it. */
export function debateOptions(task: string): [string, string] {
  const t = task.split("\n")[0]?.trim() ?? "";
  const between = /\bbetween\s+(.+?)\s+and\s+(.+?)(?:[?.!]|$)/i.exec(t);
  const body = t.replace(
    /^(should|shall|do|must|can)\s+(we|i|our team|they)\s+(use|choose|pick|go with|adopt|build|move to|switch to)?\s*/i,
    "",
  );
  const pair = between ?? /^(.+?)\s+(?:or|vs\.?|versus)\s+(.+)$/i.exec(body);
  const a = pair?.[1] && clean(pair[1]);
  const b = pair?.[2] && clean(pair[2]);
  if (a && b && a.length <= 60 && b.length <= 60) return [a, b];
  const proposal = clean(body) || "the proposal";
  return [proposal.length > 60 ? `${proposal.slice(0, 57).trimEnd()}…` : proposal, NOT_NOW];
}

/** The other side of a task that names one proposal. */
const NOT_NOW = "not doing it for now";

/** Which option a debater argues for: against/skeptic takes the second, everyone else the first. */
function sideOf(brief: DemoBrief): 0 | 1 {
  return /against|skeptic|\bcon\b/i.test(`${brief.stance ?? ""} ${brief.agent}`) ? 1 : 0;
}

const cap = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

export function demoDebater(b: DemoBrief, rand: () => number): string {
  const options = debateOptions(b.task);
  const side = sideOf(b);
  const mine = options[side];
  const theirs = options[1 - side] ?? "the alternative";
  const own = caseFor(mine);
  const other = caseFor(theirs);
  const offset = Math.floor(rand() * 3) + b.round;
  const at = <T>(items: T[], i: number): T => items[(i + offset) % items.length] as T;
  const position = mine === NOT_NOW ? `against ${theirs}` : `for ${mine}`;
  const lines = [`**Round ${b.round}: ${position}.**`, ""];
  if (b.round > 1 && b.respondsTo?.length) {
    lines.push(
      `${b.respondsTo.join(" and ")} made a fair point for ${theirs}: ${at(other.strengths, 0)}. But ${at(other.costs, 0)} — and that cost arrives before the benefit does.`,
      "",
    );
  }
  lines.push(
    `1. ${cap(at(own.strengths, 0))}.`,
    `2. ${cap(at(own.strengths, 1))}.`,
    `3. With ${theirs}, ${at(other.costs, 1)}.`,
    "",
    `${cap(mine)} is the right call when ${own.when}.`,
  );
  return lines.join("\n");
}

export function demoJudge(b: DemoBrief, rand: () => number): string {
  const [first, second] = debateOptions(b.task);
  // A proposal against "not doing it" is decided for the proposal; a real pair, by the seed.
  const winner = second === NOT_NOW || rand() < 0.5 ? first : second;
  const loser = winner === first ? second : first;
  const win = caseFor(winner);
  const score = 6 + Math.floor(rand() * 4);
  return [
    `Having heard ${b.respondsTo?.join(" and ") ?? "both sides"}:`,
    "",
    `- For ${first}: ${caseFor(first).strengths[0]}.`,
    `- For ${second}: ${caseFor(second).strengths[0]}.`,
    "",
    `**Consensus.** Go ahead with ${winner} now, while ${win.when}; revisit ${loser} when that stops being true.`,
    "",
    `DECISION: ${winner}`,
    "",
    `VERDICT: PASS — SCORE: ${score}/10 — the case for ${winner} is stronger today, on the condition above.`,
  ].join("\n");
}
