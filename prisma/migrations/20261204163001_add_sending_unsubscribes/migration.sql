-- CreateEnum
CREATE TYPE "SendJobStatus" AS ENUM ('running', 'paused', 'completed');

-- CreateEnum
CREATE TYPE "SendItemStatus" AS ENUM ('pending', 'sending', 'sent', 'bounced', 'skipped');

-- CreateTable
CREATE TABLE "Unsubscribe" (
    "accountId" UUID NOT NULL,
    "recipientRef" TEXT NOT NULL,
    "messageId" UUID,
    "method" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Unsubscribe_pkey" PRIMARY KEY ("accountId","recipientRef")
);

-- CreateTable
CREATE TABLE "SmtpSettings" (
    "accountId" UUID NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "secure" BOOLEAN NOT NULL DEFAULT false,
    "username" TEXT,
    "passwordEncrypted" TEXT,
    "fromAddress" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SmtpSettings_pkey" PRIMARY KEY ("accountId")
);

-- CreateTable
CREATE TABLE "RecipientList" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecipientList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recipient" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "listId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "fields" JSONB NOT NULL,
    "line" INTEGER NOT NULL,

    CONSTRAINT "Recipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SendJob" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "listId" UUID NOT NULL,
    "status" "SendJobStatus" NOT NULL DEFAULT 'running',
    "subject" TEXT NOT NULL,
    "html" TEXT,
    "text" TEXT,
    "utm" JSONB,
    "total" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "SendJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SendItem" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "jobId" UUID NOT NULL,
    "recipientId" UUID NOT NULL,
    "status" "SendItemStatus" NOT NULL DEFAULT 'pending',
    "messageId" UUID,
    "detail" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SendItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecipientList_accountId_createdAt_idx" ON "RecipientList"("accountId", "createdAt");

-- CreateIndex
CREATE INDEX "Recipient_accountId_listId_idx" ON "Recipient"("accountId", "listId");

-- CreateIndex
CREATE UNIQUE INDEX "Recipient_listId_email_key" ON "Recipient"("listId", "email");

-- CreateIndex
CREATE INDEX "SendJob_accountId_campaignId_idx" ON "SendJob"("accountId", "campaignId");

-- CreateIndex
CREATE INDEX "SendItem_jobId_status_idx" ON "SendItem"("jobId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SendItem_jobId_recipientId_key" ON "SendItem"("jobId", "recipientId");

-- AddForeignKey
ALTER TABLE "Unsubscribe" ADD CONSTRAINT "Unsubscribe_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SmtpSettings" ADD CONSTRAINT "SmtpSettings_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecipientList" ADD CONSTRAINT "RecipientList_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recipient" ADD CONSTRAINT "Recipient_listId_fkey" FOREIGN KEY ("listId") REFERENCES "RecipientList"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SendJob" ADD CONSTRAINT "SendJob_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SendJob" ADD CONSTRAINT "SendJob_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SendJob" ADD CONSTRAINT "SendJob_listId_fkey" FOREIGN KEY ("listId") REFERENCES "RecipientList"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SendItem" ADD CONSTRAINT "SendItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "SendJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SendItem" ADD CONSTRAINT "SendItem_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Recipient"("id") ON DELETE CASCADE ON UPDATE CASCADE;
