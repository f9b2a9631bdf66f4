/** A duration as the run page shows it: "4.2 s", or "2 min 5 s" from a minute on. */
export const seconds = (ms: number) =>
  ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

/** Money spent: four decimals, six for sums under a tenth of a cent (demo runs cost that little). */
export const usd = (n: number) => `$${n > 0 && n < 0.001 ? n.toFixed(6) : n.toFixed(4)}`;

/** A limit as it was set: "$0.001", "$0.5", "$5" — never rounded to "$0.00". */
export const usdLimit = (n: number) => `$${Number.parseFloat(n.toFixed(6))}`;
