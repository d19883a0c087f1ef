-- CreateEnum
CREATE TYPE "NotificationEmail" AS ENUM ('IMMEDIATE', 'DAILY', 'NEVER');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "digestSentAt" TIMESTAMP(3),
ADD COLUMN     "notificationEmail" "NotificationEmail" NOT NULL DEFAULT 'DAILY';

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "emailedAt" TIMESTAMP(3);

