// Whether the page offers "Fork from here": the fork lands where its source is, so whoever may start a run
// there may fork — in a session its editors and owners (those who steer), outside one anyone (the server
// still decides: PARLEY_RUNS_REQUIRE_AUTH, quotas). An external run's agents live elsewhere: no fork (409).
import type { RunState } from "../state/run-state";

export const mayFork = (s: Pick<RunState, "run" | "rights">): boolean =>
  s.run.strategy !== "external" && (s.run.session_id ? s.rights.steer : true);
