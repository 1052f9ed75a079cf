-- AlterTable
ALTER TABLE "AuthEvent" ADD COLUMN     "lastRepeatAt" TIMESTAMP(3),
ADD COLUMN     "repeatCount" INTEGER NOT NULL DEFAULT 0;
