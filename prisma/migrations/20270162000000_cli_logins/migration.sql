-- CreateTable
CREATE TABLE "cli_logins" (
    "id" TEXT NOT NULL,
    "device_code_hash" TEXT NOT NULL,
    "user_code" TEXT NOT NULL,
    "key_name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "address" TEXT,
    "user_id" TEXT,
    "key_id" TEXT,
    "key_sealed" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "last_polled_at" TIMESTAMP(3),

    CONSTRAINT "cli_logins_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "cli_logins_device_code_hash_key" ON "cli_logins"("device_code_hash");

-- CreateIndex
CREATE UNIQUE INDEX "cli_logins_user_code_key" ON "cli_logins"("user_code");

-- CreateIndex
CREATE INDEX "cli_logins_address_status_idx" ON "cli_logins"("address", "status");

-- CreateIndex
CREATE INDEX "cli_logins_expires_at_idx" ON "cli_logins"("expires_at");
