// Who may read a run: refusals are 404 (a private session's runs do not exist to outsiders), and any
// other failure — a database outage while checking the session — stays an error, answered as a 500.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";

const access = vi.hoisted(() => ({ requireAccess: vi.fn() }));
vi.mock("@/lib/sessions/access", () => access);

const run = {
  id: "run_0000000000000000001",
  sessionId: "ses_00000000000000000001",
  status: "completed",
  createdAt: new Date(),
  heartbeatAt: null,
};
vi.mock("@/lib/db/client", () => ({
  getDb: async () => ({
    run: { findUnique: async ({ where }: { where: { id: string } }) => (where.id === run.id ? run : null) },
  }),
}));

const { findReadableRun } = await import("./access");
const actor = { userId: "u_reader", id: "u_reader" };

describe("findReadableRun", () => {
  beforeEach(() => access.requireAccess.mockReset());

  it("returns the run to someone who may read its session", async () => {
    access.requireAccess.mockResolvedValue({ role: "viewer" });
    await expect(findReadableRun(run.id, actor)).resolves.toMatchObject({ id: run.id });
    expect(access.requireAccess).toHaveBeenCalledWith(run.sessionId, actor.userId, "read");
  });

  it("answers 404 for an unknown run, and for a run whose session refuses the reader", async () => {
    await expect(findReadableRun("run_0000000000000000009", actor)).rejects.toMatchObject({ code: "not_found" });
    for (const refusal of [new AppError("not_found", "Session not found"), new AppError("forbidden", "Join this session")]) {
      access.requireAccess.mockRejectedValueOnce(refusal);
      await expect(findReadableRun(run.id, actor)).rejects.toMatchObject({ code: "not_found", message: "Run not found" });
    }
  });

  it("lets a failure that is not a refusal through, instead of pretending the run does not exist", async () => {
    const outage = new Error("connect ECONNREFUSED 127.0.0.1:5432");
    access.requireAccess.mockRejectedValueOnce(outage);
    await expect(findReadableRun(run.id, actor)).rejects.toBe(outage);
    access.requireAccess.mockRejectedValueOnce(new AppError("unavailable", "The database is unavailable"));
    await expect(findReadableRun(run.id, actor)).rejects.toMatchObject({ code: "unavailable" });
  });
});
