// Copying text for someone, and telling them truthfully whether it worked.

export type CopyOutcome = "copied" | "failed";

/**
 * Writes `text` to the clipboard. A page without a clipboard (served over plain HTTP from another
 * machine) or a browser that refuses the write (no permission, the tab not focused — a DOMException) is an
 * outcome to show; anything else is a bug and is thrown.
 */
export async function copyText(
  text: string,
  clipboard: Pick<Clipboard, "writeText"> | undefined = globalThis.navigator?.clipboard,
): Promise<CopyOutcome> {
  if (!clipboard) return "failed";
  try {
    await clipboard.writeText(text);
    return "copied";
  } catch (error) {
    if (!(error instanceof DOMException)) throw error;
    return "failed";
  }
}
