"use client";
// The share link's token a run page was opened with (/runs/{id}?share=…): every request the page makes
// for the run carries it. Null when the reader reads the run as themselves.
import { createContext, useContext } from "react";

export const ShareTokenContext = createContext<string | null>(null);

export function useShareToken(): string | null {
  return useContext(ShareTokenContext);
}
