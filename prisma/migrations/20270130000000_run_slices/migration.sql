-- Runs driven in slices: the pending hand-off's nonce, and how many hand-offs a run had.
ALTER TABLE "runs" ADD COLUMN "handoff_nonce" TEXT;
ALTER TABLE "runs" ADD COLUMN "handoffs" INTEGER NOT NULL DEFAULT 0;
