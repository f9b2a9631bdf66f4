-- CreateTable
CREATE TABLE "agent_tasks" (
    "id" TEXT NOT NULL,
    "agent_id" TEXT NOT NULL,
    "saved_agent_id" TEXT,
    "created_by" TEXT,
    "creator_key" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "client_user_id" TEXT,
    "parameters" JSONB NOT NULL,
    "query" TEXT,
    "run_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "executed_at" TIMESTAMP(3),

    CONSTRAINT "agent_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "agent_tasks_run_id_key" ON "agent_tasks"("run_id");

-- CreateIndex
CREATE INDEX "agent_tasks_agent_id_created_at_idx" ON "agent_tasks"("agent_id", "created_at");

-- CreateIndex
CREATE INDEX "agent_tasks_creator_key_executed_at_idx" ON "agent_tasks"("creator_key", "executed_at");

-- AddForeignKey
ALTER TABLE "agent_tasks" ADD CONSTRAINT "agent_tasks_saved_agent_id_fkey" FOREIGN KEY ("saved_agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
