-- CreateTable
CREATE TABLE "NetworkDevice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "secretEncrypted" TEXT NOT NULL,
    "vendorProfile" TEXT NOT NULL DEFAULT 'generic',
    "coaPort" INTEGER NOT NULL DEFAULT 3799,
    "requireMessageAuthenticator" BOOLEAN NOT NULL DEFAULT true,
    "description" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Endpoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mac" TEXT,
    "guid" TEXT,
    "mdmServerId" TEXT,
    "mdmServerName" TEXT,
    "registered" BOOLEAN,
    "compliant" BOOLEAN,
    "mdmAttributes" TEXT,
    "lastMdmOutcome" TEXT,
    "lastMdmQueryAt" DATETIME,
    "lastDecision" TEXT,
    "lastSeenAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RadiusSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nadId" TEXT,
    "nadAddress" TEXT NOT NULL,
    "acctSessionId" TEXT NOT NULL,
    "callingStationId" TEXT,
    "mac" TEXT,
    "userName" TEXT,
    "framedIp" TEXT,
    "nasPort" TEXT,
    "startedAt" DATETIME NOT NULL,
    "lastUpdateAt" DATETIME NOT NULL,
    "stoppedAt" DATETIME,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "terminateCause" TEXT,
    "engineNode" TEXT
);

-- CreateTable
CREATE TABLE "AuthEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "engineNode" TEXT,
    "nadId" TEXT,
    "nadName" TEXT,
    "nadAddress" TEXT NOT NULL,
    "mac" TEXT,
    "userName" TEXT,
    "method" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "policySet" TEXT,
    "ruleName" TEXT,
    "profiles" TEXT,
    "mdmAttributes" TEXT,
    "mdmServerName" TEXT,
    "mdmLatencyMs" REAL,
    "failureReason" TEXT,
    "totalLatencyMs" REAL NOT NULL,
    "request" TEXT NOT NULL,
    "reply" TEXT,
    "trace" TEXT
);

-- CreateTable
CREATE TABLE "PolicyVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL,
    "document" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "comment" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AuthorizationProfile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "accessType" TEXT NOT NULL,
    "vlan" TEXT,
    "dacl" TEXT,
    "filterId" TEXT,
    "redirectType" TEXT,
    "redirectAcl" TEXT,
    "redirectMdmServerId" TEXT,
    "sessionTimeout" INTEGER,
    "advancedAttributes" TEXT,
    "isBuiltIn" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "NetworkDevice_name_key" ON "NetworkDevice"("name");

-- CreateIndex
CREATE UNIQUE INDEX "NetworkDevice_address_key" ON "NetworkDevice"("address");

-- CreateIndex
CREATE UNIQUE INDEX "Endpoint_mac_key" ON "Endpoint"("mac");

-- CreateIndex
CREATE INDEX "Endpoint_guid_idx" ON "Endpoint"("guid");

-- CreateIndex
CREATE INDEX "Endpoint_compliant_idx" ON "Endpoint"("compliant");

-- CreateIndex
CREATE INDEX "RadiusSession_isActive_mac_idx" ON "RadiusSession"("isActive", "mac");

-- CreateIndex
CREATE UNIQUE INDEX "RadiusSession_nadAddress_acctSessionId_key" ON "RadiusSession"("nadAddress", "acctSessionId");

-- CreateIndex
CREATE INDEX "AuthEvent_at_idx" ON "AuthEvent"("at");

-- CreateIndex
CREATE INDEX "AuthEvent_mac_at_idx" ON "AuthEvent"("mac", "at");

-- CreateIndex
CREATE INDEX "AuthEvent_decision_at_idx" ON "AuthEvent"("decision", "at");

-- CreateIndex
CREATE INDEX "AuthEvent_nadAddress_at_idx" ON "AuthEvent"("nadAddress", "at");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyVersion_version_key" ON "PolicyVersion"("version");

-- CreateIndex
CREATE UNIQUE INDEX "AuthorizationProfile_name_key" ON "AuthorizationProfile"("name");
