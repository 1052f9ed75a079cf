-- CreateTable
CREATE TABLE "TrustedCertificate" (
    "id" TEXT NOT NULL,
    "friendlyName" TEXT NOT NULL,
    "pem" TEXT NOT NULL,
    "fingerprintSha256" TEXT NOT NULL,
    "fingerprintSha1" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "serialNumber" TEXT NOT NULL,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "notAfter" TIMESTAMP(3) NOT NULL,
    "isCa" BOOLEAN NOT NULL,
    "trustForMdm" BOOLEAN NOT NULL DEFAULT true,
    "trustForClientAuth" BOOLEAN NOT NULL DEFAULT false,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TrustedCertificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MdmServer" (
    "id" TEXT NOT NULL,
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
    "lastTestAt" TIMESTAMP(3),
    "lastTestOutcome" TEXT,
    "lastTestMessage" TEXT,
    "lastContactAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MdmServer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TrustedCertificate_fingerprintSha256_key" ON "TrustedCertificate"("fingerprintSha256");

-- CreateIndex
CREATE UNIQUE INDEX "MdmServer_name_key" ON "MdmServer"("name");
