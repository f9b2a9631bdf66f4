-- AlterEnum
ALTER TYPE "GatewayStatus" ADD VALUE 'budget_exceeded';
