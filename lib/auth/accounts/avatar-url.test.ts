import { describe, expect, it } from "vitest";
import { avatarUrl } from "./avatar-url";

describe("avatarUrl", () => {
  it("keeps absolute http and https URLs", () => {
    expect(avatarUrl("https://avatars.githubusercontent.com/u/1?v=4")).toBe("https://avatars.githubusercontent.com/u/1?v=4");
    expect(avatarUrl("http://127.0.0.1:9000/me.png")).toBe("http://127.0.0.1:9000/me.png");
  });

  it("refuses every other scheme, relative paths, garbage and nothing", () => {
    for (const raw of [
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
