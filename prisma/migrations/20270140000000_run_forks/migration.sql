-- Forks: a run started from another run's turn, its earlier turns carried over (inherited, not billed).
ALTER TABLE "runs" ADD COLUMN "forked_from_run_id" TEXT;
ALTER TABLE "runs" ADD COLUMN "forked_from_turn_id" TEXT;
CREATE INDEX "runs_forked_from_run_id_id_idx" ON "runs"("forked_from_run_id", "id");
ALTER TABLE "agent_turns" ADD COLUMN "inherited_from" TEXT;
