-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "ingest_events" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "log_bytes" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "log_entries" INTEGER NOT NULL DEFAULT 0;

-- Runs that already keep log entries start from what they hold (their events taken so far are not known).
UPDATE "runs" SET
  "log_entries" = counted."entries",
  "log_bytes" = LEAST(counted."bytes", 2147483647)
FROM (
  SELECT "run_id", COUNT(*) AS "entries",
    SUM(octet_length("source") + octet_length("type") + octet_length("data"::text)) AS "bytes"
  FROM "run_log_entries" GROUP BY "run_id"
) AS counted
WHERE "runs"."id" = counted."run_id";
