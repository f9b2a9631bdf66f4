// Reading a byte stream up to a cap: request bodies (lib/http/body.ts) and upstream answers (the LLM gateway).

/**
 * A body read as UTF-8 text up to `maxBytes`; past that the rest is cancelled unread and `cut` is true
 * (the text then holds what came before the chunk that went over).
 */
export async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<{ text: string; cut: boolean }> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let cut = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      cut = true;
      break;
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString("utf8"), cut };
}
