-- CreateTable
CREATE TABLE "TrustedCertificate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "friendlyName" TEXT NOT NULL,
    "pem" TEXT NOT NULL,
    "fingerprintSha256" TEXT NOT NULL,
    "fingerprintSha1" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "serialNumber" TEXT NOT NULL,
    "notBefore" DATETIME NOT NULL,
    "notAfter" DATETIME NOT NULL,
    "isCa" BOOLEAN NOT NULL,
    "trustForMdm" BOOLEAN NOT NULL DEFAULT true,
    "trustForClientAuth" BOOLEAN NOT NULL DEFAULT false,
    "description" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MdmServer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "serverType" TEXT NOT NULL DEFAULT 'mdm',
    "authType" TEXT NOT NULL DEFAULT 'basic',
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 443,
    "instance" TEXT,
    "username" TEXT NOT NULL,
    "passwordEncrypted" TEXT NOT NULL,
    "description" TEXT,
    "pollingIntervalMinutes" INTEGER NOT NULL DEFAULT 0,
    "cacheExpirationMinutes" INTEGER NOT NULL DEFAULT 60,
    "deviceIdentifiers" TEXT NOT NULL DEFAULT '["san-uri-guid","cn-guid","mac"]',
    "isEnabled" BOOLEAN NOT NULL DEFAULT false,
    "lookupOrder" INTEGER NOT NULL DEFAULT 0,
    "apiVersion" INTEGER,
    "apiPath" TEXT,
    "redirectUrl" TEXT,
    "queryMaxSize" INTEGER,
    "messagingSupport" BOOLEAN,
    "vendor" TEXT,
    "productName" TEXT,
    "productVersion" TEXT,
    "trustAnchorSha256" TEXT,
    "lastTestAt" DATETIME,
    "lastTestOutcome" TEXT,
    "lastTestMessage" TEXT,
    "lastContactAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "TrustedCertificate_fingerprintSha256_key" ON "TrustedCertificate"("fingerprintSha256");

-- CreateIndex
CREATE UNIQUE INDEX "MdmServer_name_key" ON "MdmServer"("name");
