"use client";
// The API key a person gave this browser tab (the console, the gateway page, or "use it in the console"
// on the keys page): kept in sessionStorage, so it is gone with the tab and never sent anywhere by itself.
const STORAGE_KEY = "parley.apiKey";

export const tabApiKey = {
  get: (): string | null => sessionStorage.getItem(STORAGE_KEY),
  set: (key: string): void => sessionStorage.setItem(STORAGE_KEY, key),
  clear: (): void => sessionStorage.removeItem(STORAGE_KEY),
};
