-- AlterTable: plain ADD COLUMN (SQLite allows a NOT NULL column with a constant default) instead of a table
-- rebuild, so an upgrade does not copy a large live log.
ALTER TABLE "AuthEvent" ADD COLUMN "repeatCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "AuthEvent" ADD COLUMN "lastRepeatAt" DATETIME;
