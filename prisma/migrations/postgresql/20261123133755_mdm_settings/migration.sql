-- CreateTable
CREATE TABLE "MdmSettings" (
    "id" INTEGER NOT NULL,
    "fallbackOnNotRegistered" BOOLEAN NOT NULL DEFAULT false,
    "fallbackOnError" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MdmSettings_pkey" PRIMARY KEY ("id")
);
