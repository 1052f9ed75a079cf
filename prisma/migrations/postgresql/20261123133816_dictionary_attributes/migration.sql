-- CreateTable
CREATE TABLE "DictionaryAttribute" (
    "id" TEXT NOT NULL,
    "dictionary" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "internalName" TEXT NOT NULL,
    "dataType" TEXT NOT NULL,
    "allowedValues" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "direction" TEXT NOT NULL DEFAULT 'in',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DictionaryAttribute_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DictionaryAttribute_dictionary_name_key" ON "DictionaryAttribute"("dictionary", "name");
