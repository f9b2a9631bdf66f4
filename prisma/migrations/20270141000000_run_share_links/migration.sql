-- Read-only, revocable, expiring links to one run for people outside its session (token stored hashed).
CREATE TABLE "run_share_links" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "revoked_at" TIMESTAMP(3),
    CONSTRAINT "run_share_links_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "run_share_links_token_hash_key" ON "run_share_links"("token_hash");
CREATE INDEX "run_share_links_run_id_id_idx" ON "run_share_links"("run_id", "id");
ALTER TABLE "run_share_links" ADD CONSTRAINT "run_share_links_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
