-- CreateTable
CREATE TABLE "SystemCertificate" (
    "id" TEXT NOT NULL,
    "friendlyName" TEXT NOT NULL,
    "pem" TEXT NOT NULL,
    "privateKeyEncrypted" TEXT NOT NULL,
    "fingerprintSha256" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "serialNumber" TEXT NOT NULL,
    "notBefore" TIMESTAMP(3) NOT NULL,
    "notAfter" TIMESTAMP(3) NOT NULL,
    "keyAlgorithm" TEXT NOT NULL,
    "isSelfSigned" BOOLEAN NOT NULL,
    "usedForEap" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SystemCertificate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SystemCertificate_fingerprintSha256_key" ON "SystemCertificate"("fingerprintSha256");
