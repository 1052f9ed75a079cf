-- CreateTable
CREATE TABLE "CoaEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "mac" TEXT NOT NULL,
    "nadId" TEXT,
    "nadName" TEXT,
    "nadAddress" TEXT NOT NULL,
    "coaPort" INTEGER NOT NULL,
    "acctSessionId" TEXT,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "mdmServerName" TEXT,
    "result" TEXT NOT NULL,
    "errorCause" TEXT,
    "attempts" INTEGER NOT NULL,
    "latencyMs" REAL NOT NULL
);

-- CreateIndex
CREATE INDEX "CoaEvent_at_idx" ON "CoaEvent"("at");

-- CreateIndex
CREATE INDEX "CoaEvent_mac_at_idx" ON "CoaEvent"("mac", "at");

-- CreateIndex
CREATE INDEX "CoaEvent_result_at_idx" ON "CoaEvent"("result", "at");

-- CreateIndex
CREATE INDEX "CoaEvent_nadAddress_at_idx" ON "CoaEvent"("nadAddress", "at");
