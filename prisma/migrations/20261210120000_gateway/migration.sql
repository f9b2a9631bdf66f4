-- The LLM gateway: per-key limits, one row per model call, and each key's spend per UTC day.
-- CreateEnum
CREATE TYPE "GatewayProvider" AS ENUM ('openai', 'anthropic');

-- CreateEnum
CREATE TYPE "GatewayUpstream" AS ENUM ('openai', 'compatible', 'anthropic', 'demo');

-- CreateEnum
CREATE TYPE "GatewayStatus" AS ENUM ('completed', 'failed');

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "gateway_budget_usd" DOUBLE PRECISION,
ADD COLUMN     "gateway_rpm" INTEGER;

-- CreateTable
CREATE TABLE "gateway_requests" (
    "id" TEXT NOT NULL,
    "key_id" TEXT,
    "provider" "GatewayProvider" NOT NULL,
    "upstream" "GatewayUpstream" NOT NULL,
    "model" TEXT NOT NULL,
    "agent" TEXT NOT NULL,
    "session_id" TEXT,
    "stream" BOOLEAN NOT NULL,
    "status" "GatewayStatus" NOT NULL,
    "http_status" INTEGER,
    "finish_reason" TEXT,
    "input_tokens" INTEGER NOT NULL DEFAULT 0,
    "output_tokens" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "ttfb_ms" INTEGER,
    "latency_ms" INTEGER,
    "error" TEXT,
    "preview" TEXT NOT NULL DEFAULT '',
    "prompt" TEXT,
    "completion" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "gateway_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gateway_spend" (
    "key_id" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "cost_usd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "gateway_spend_pkey" PRIMARY KEY ("key_id","day")
);

-- CreateIndex
CREATE INDEX "gateway_requests_created_at_idx" ON "gateway_requests"("created_at");

-- CreateIndex
CREATE INDEX "gateway_requests_key_id_created_at_idx" ON "gateway_requests"("key_id", "created_at");

