// Texts cut to fit a preview, a system message or an event.

/** `text`, or its first `max - 1` characters and an ellipsis. */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** What the models' token counts are estimated with when a provider reports none. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);
