-- CreateEnum
CREATE TYPE "GuestRights" AS ENUM ('watch', 'chat', 'vote');

-- AlterTable
ALTER TABLE "invites" ADD COLUMN     "email" TEXT;

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "guests" "GuestRights" NOT NULL DEFAULT 'chat';
