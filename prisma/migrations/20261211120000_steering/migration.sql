-- Steering a run together: people's notes to agents, comments pinned to a run, approval gates and
-- their votes; a turn remembers the notes it read, and can be superseded (redirected or retried).

-- CreateEnum
CREATE TYPE "GateDecision" AS ENUM ('approve', 'redirect', 'reject');

-- AlterEnum
ALTER TYPE "TurnStatus" ADD VALUE 'superseded';

-- AlterTable
ALTER TABLE "agent_turns" ADD COLUMN     "interjections" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "resumes" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "run_interjections" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "author_name" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "to" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_interjections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_comments" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "author_name" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "turn_id" TEXT,
    "event_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_comments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_gates" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "step" INTEGER NOT NULL,
    "turn_id" TEXT NOT NULL,
    "agent" TEXT NOT NULL,
    "proposal_preview" TEXT NOT NULL,
    "quorum" INTEGER NOT NULL,
    "timeout_at" TIMESTAMP(3),
    "default_action" "GateDecision" NOT NULL,
    "decision" "GateDecision",
    "note" TEXT,
    "decided_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_gates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_gate_votes" (
    "gate_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "decision" "GateDecision" NOT NULL,
    "note" TEXT,
    "voted_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_gate_votes_pkey" PRIMARY KEY ("gate_id","user_id")
);

-- CreateIndex
CREATE INDEX "run_interjections_run_id_id_idx" ON "run_interjections"("run_id", "id");

-- CreateIndex
CREATE INDEX "run_comments_run_id_id_idx" ON "run_comments"("run_id", "id");

-- CreateIndex
CREATE INDEX "run_gates_decision_timeout_at_idx" ON "run_gates"("decision", "timeout_at");

-- CreateIndex
CREATE UNIQUE INDEX "run_gates_run_id_seq_key" ON "run_gates"("run_id", "seq");

-- AddForeignKey
ALTER TABLE "run_interjections" ADD CONSTRAINT "run_interjections_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_comments" ADD CONSTRAINT "run_comments_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_gates" ADD CONSTRAINT "run_gates_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_gate_votes" ADD CONSTRAINT "run_gate_votes_gate_id_fkey" FOREIGN KEY ("gate_id") REFERENCES "run_gates"("id") ON DELETE CASCADE ON UPDATE CASCADE;

