// The budget ledger contract (tests/contracts/ledger-contract.ts) for the in-memory ledger; the Redis one
// runs it in tests/integration/gateway-ledger-redis.test.ts.
import { ledgerContract } from "@/tests/contracts/ledger-contract";
import { MemoryLedger } from "./ledger";

ledgerContract("memory", (o) => new MemoryLedger(o));
