-- DropIndex
DROP INDEX "AuthEvent_decision_at_idx";

-- CreateIndex
CREATE INDEX "AuthEvent_decision_at_repeatCount_idx" ON "AuthEvent"("decision", "at", "repeatCount");
