// GET /health — AgentArea's health check (`curl http://localhost:8000/health`): the same answer as /api/health
import { GET } from "@/app/api/health/route";

export const dynamic = "force-dynamic";

export { GET };
