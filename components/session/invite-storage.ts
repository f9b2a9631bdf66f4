"use client";
// Invite links are shown once by the server; the owner's browser keeps the ones it minted.

const key = (sessionId: string, role: string) => `parley.invite.${sessionId}.${role}`;

/** Said on the window when a link was minted, so every panel showing it shows the new one. */
export const INVITE_CHANGED = "parley:invite-changed";

export function rememberInvite(sessionId: string, role: string, url: string): void {
  localStorage.setItem(key(sessionId, role), url);
  window.dispatchEvent(new CustomEvent(INVITE_CHANGED, { detail: { sessionId, role } }));
}

export function knownInvite(sessionId: string, role: string): string | null {
  return localStorage.getItem(key(sessionId, role));
}
