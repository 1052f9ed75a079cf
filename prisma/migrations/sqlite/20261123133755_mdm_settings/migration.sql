-- CreateTable
CREATE TABLE "MdmSettings" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "fallbackOnNotRegistered" BOOLEAN NOT NULL DEFAULT false,
    "fallbackOnError" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL
);
