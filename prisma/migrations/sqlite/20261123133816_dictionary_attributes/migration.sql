-- CreateTable
CREATE TABLE "DictionaryAttribute" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dictionary" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "internalName" TEXT NOT NULL,
    "dataType" TEXT NOT NULL,
    "allowedValues" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "direction" TEXT NOT NULL DEFAULT 'in',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "DictionaryAttribute_dictionary_name_key" ON "DictionaryAttribute"("dictionary", "name");
