/** A duration as the run page shows it: "4.2 s", or "2 min 5 s" from a minute on. */
export const seconds = (ms: number) =>
  ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
