"use client";
// Invite links are shown once by the server; the owner's browser keeps the ones it minted.

const key = (sessionId: string, role: string) => `parley.invite.${sessionId}.${role}`;

export function rememberInvite(sessionId: string, role: string, url: string): void {
  localStorage.setItem(key(sessionId, role), url);
}

export function knownInvite(sessionId: string, role: string): string | null {
  return localStorage.getItem(key(sessionId, role));
}
