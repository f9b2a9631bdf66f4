import { describe, expect, it } from "vitest";
import { avatarUrl } from "./avatar-url";

describe("avatarUrl", () => {
  it("keeps absolute https URLs", () => {
    expect(avatarUrl("https://avatars.githubusercontent.com/u/1?v=4")).toBe("https://avatars.githubusercontent.com/u/1?v=4");
    expect(avatarUrl("HTTPS://lh3.googleusercontent.com/a/x=s96-c")).toBe("https://lh3.googleusercontent.com/a/x=s96-c");
  });

  it("refuses http (the CSP would block it), every other scheme, relative paths, garbage and nothing", () => {
    for (const raw of [
      "http://127.0.0.1:9000/me.png",
      "javascript:alert(1)",
      "JAVASCRIPT:alert(1)",
      "data:image/svg+xml,<svg onload=alert(1)>",
      "file:///etc/passwd",
      "//evil.example/x.png",
      "/api/v1/me",
      "not a url",
      "",
      null,
      undefined,
    ]) {
      expect(avatarUrl(raw)).toBeNull();
    }
  });
});
