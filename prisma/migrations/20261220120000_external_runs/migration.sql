-- External runs: a run whose agents live elsewhere and whose producer posts its events.
-- AlterEnum
ALTER TYPE "RunStrategy" ADD VALUE 'external';
