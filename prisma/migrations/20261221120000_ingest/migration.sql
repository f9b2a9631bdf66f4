-- AlterTable
ALTER TABLE "agent_turns" ADD COLUMN     "reasoning" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "ingest_cursor" JSONB,
ADD COLUMN     "ingest_seq" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "state" JSONB;

-- CreateTable
CREATE TABLE "run_log_entries" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_log_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "run_log_entries_run_id_id_idx" ON "run_log_entries"("run_id", "id");

-- AddForeignKey
ALTER TABLE "run_log_entries" ADD CONSTRAINT "run_log_entries_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
