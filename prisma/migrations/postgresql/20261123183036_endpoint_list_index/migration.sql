-- DropIndex
DROP INDEX "Endpoint_compliant_idx";

-- CreateIndex
CREATE INDEX "Endpoint_list_idx" ON "Endpoint"("lastSeenAt", "id", "compliant", "registered", "mdmServerId", "lastDecision", "mac", "guid");
