-- Single-use invite links: the first join uses the link up (a conditional update, so of two racing joins
-- one wins), and who used it when.
ALTER TABLE "invites" ADD COLUMN "single_use" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "invites" ADD COLUMN "used_at" TIMESTAMP(3);
ALTER TABLE "invites" ADD COLUMN "used_by" TEXT;
