-- CreateTable
CREATE TABLE "TrackingDropCount" (
    "accountId" UUID NOT NULL,
    "minute" TIMESTAMPTZ(0) NOT NULL,
    "reason" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "TrackingDropCount_pkey" PRIMARY KEY ("accountId","minute","reason")
);
