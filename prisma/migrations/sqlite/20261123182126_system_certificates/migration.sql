-- CreateTable
CREATE TABLE "SystemCertificate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "friendlyName" TEXT NOT NULL,
    "pem" TEXT NOT NULL,
    "privateKeyEncrypted" TEXT NOT NULL,
    "fingerprintSha256" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "serialNumber" TEXT NOT NULL,
    "notBefore" DATETIME NOT NULL,
    "notAfter" DATETIME NOT NULL,
    "keyAlgorithm" TEXT NOT NULL,
    "isSelfSigned" BOOLEAN NOT NULL,
    "usedForEap" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "SystemCertificate_fingerprintSha256_key" ON "SystemCertificate"("fingerprintSha256");
