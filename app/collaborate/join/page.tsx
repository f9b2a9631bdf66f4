// /collaborate/join?token=… — the LLMHive document's invite URL: the same page as /join.
import type { Metadata } from "next";
import JoinPage from "@/app/join/page";

export const metadata: Metadata = { title: "Join a session" };
export const dynamic = "force-dynamic";

export default JoinPage;
