-- CreateIndex
CREATE INDEX "Endpoint_dashboard_idx" ON "Endpoint"("mdmServerId", "lastMdmOutcome", "registered", "compliant", "lastMdmQueryAt");
