-- Statuses, strategies, roles and message types become enums. Columns are converted in place
-- (USING), so existing rows keep their values; a value outside the enum fails the migration loudly.

CREATE TYPE "ParticipantRole" AS ENUM ('owner', 'editor', 'viewer');
CREATE TYPE "MessageType" AS ENUM ('user', 'assistant', 'agent', 'system');
CREATE TYPE "RunStrategy" AS ENUM ('pipeline', 'debate', 'race');
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'paused', 'completed', 'failed', 'cancelled');
CREATE TYPE "TurnStatus" AS ENUM ('running', 'completed', 'failed', 'cancelled');
CREATE TYPE "RunControl" AS ENUM ('cancel', 'pause');

ALTER TABLE "participants" ALTER COLUMN "role" TYPE "ParticipantRole" USING "role"::"ParticipantRole";
ALTER TABLE "invites" ALTER COLUMN "role" TYPE "ParticipantRole" USING "role"::"ParticipantRole";
ALTER TABLE "messages" ALTER COLUMN "type" TYPE "MessageType" USING "type"::"MessageType";
ALTER TABLE "runs" ALTER COLUMN "strategy" TYPE "RunStrategy" USING "strategy"::"RunStrategy";
ALTER TABLE "runs" ALTER COLUMN "status" TYPE "RunStatus" USING "status"::"RunStatus";
ALTER TABLE "runs" ALTER COLUMN "control" TYPE "RunControl" USING "control"::"RunControl";
ALTER TABLE "agent_turns" ALTER COLUMN "status" TYPE "TurnStatus" USING "status"::"TurnStatus";
