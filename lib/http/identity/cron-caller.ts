import "server-only";
// Who may run the scheduled sweep: Vercel's cron, which sends `Authorization: Bearer $CRON_SECRET`.
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { bearerToken } from "./credentials";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Returns when the request carries CRON_SECRET; 401 otherwise; 503 when the deployment has none set. */
export function requireCronCaller(request: Request): void {
  const configured = env.CRON_SECRET;
  if (!configured) {
    throw new AppError("unavailable", "CRON_SECRET is not set on this deployment: the scheduled sweep is off");
  }
  const token = bearerToken(request);
  if (!token || !timingSafeEqual(digest(token), digest(configured))) {
    throw new AppError("unauthorized", "Send the deployment's cron secret: Authorization: Bearer $CRON_SECRET");
  }
}
