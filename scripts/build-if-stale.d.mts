export function sourceHash(): string;
export function buildIfStale(): void;
