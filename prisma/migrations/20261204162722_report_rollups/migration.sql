-- CreateTable
CREATE TABLE "ReportMessageTally" (
    "messageId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "humanOpens" INTEGER NOT NULL DEFAULT 0,
    "autoOpens" INTEGER NOT NULL DEFAULT 0,
    "humanClicks" INTEGER NOT NULL DEFAULT 0,
    "autoClicks" INTEGER NOT NULL DEFAULT 0,
    "bounced" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ReportMessageTally_pkey" PRIMARY KEY ("messageId")
);

-- CreateTable
CREATE TABLE "ReportCampaignState" (
    "campaignId" UUID NOT NULL,
    "state" SMALLINT NOT NULL,
    "accountId" UUID NOT NULL,
    "messages" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "ReportCampaignState_pkey" PRIMARY KEY ("campaignId","state")
);

-- CreateTable
CREATE TABLE "ReportCampaignMessages" (
    "campaignId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "sent" BIGINT NOT NULL DEFAULT 0,
    "bounced" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "ReportCampaignMessages_pkey" PRIMARY KEY ("campaignId")
);

-- CreateTable
CREATE TABLE "ReportCampaignBucket" (
    "campaignId" UUID NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "kind" "EventKind" NOT NULL,
    "verdict" "Verdict" NOT NULL,
    "fetcher" TEXT NOT NULL,
    "accountId" UUID NOT NULL,
    "events" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "ReportCampaignBucket_pkey" PRIMARY KEY ("campaignId","bucket","kind","verdict","fetcher")
);

-- CreateTable
CREATE TABLE "ReportCampaignAgent" (
    "campaignId" UUID NOT NULL,
    "kind" "EventKind" NOT NULL,
    "verdict" "Verdict" NOT NULL,
    "agentHash" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "accountId" UUID NOT NULL,
    "events" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "ReportCampaignAgent_pkey" PRIMARY KEY ("campaignId","kind","verdict","agentHash")
);

-- CreateTable
CREATE TABLE "ReportLinkTally" (
    "linkId" UUID NOT NULL,
    "messageId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "humanClicks" INTEGER NOT NULL DEFAULT 0,
    "autoClicks" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ReportLinkTally_pkey" PRIMARY KEY ("linkId","messageId")
);

-- CreateTable
CREATE TABLE "ReportCampaignLink" (
    "campaignId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "urlHash" TEXT NOT NULL,
    "honeypot" BOOLEAN NOT NULL,
    "url" TEXT NOT NULL,
    "accountId" UUID NOT NULL,
    "humanClicks" BIGINT NOT NULL DEFAULT 0,
    "autoClicks" BIGINT NOT NULL DEFAULT 0,
    "humanClickers" BIGINT NOT NULL DEFAULT 0,
    "allClickers" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "ReportCampaignLink_pkey" PRIMARY KEY ("campaignId","position","urlHash","honeypot")
);

-- CreateIndex
CREATE INDEX "ReportCampaignState_accountId_idx" ON "ReportCampaignState"("accountId");

-- CreateIndex
CREATE INDEX "ReportCampaignMessages_accountId_idx" ON "ReportCampaignMessages"("accountId");

-- ---- Rollup maintenance. Statement-level triggers read the rows a statement inserted, updated
-- or deleted (transition tables), turn them into signed deltas (+1 new row, -1 old row) and add
-- them to the rollups. A revised verdict is an UPDATE: -1 under the old verdict, +1 under the new.
-- "Before" values are derived as after minus delta, so concurrent writers only meet in
-- ON CONFLICT row locks. Rows of a campaign being deleted are skipped; its rollups go with it.

-- State bits of a message: 1 human open, 2 automated open, 4 human click, 8 automated click,
-- 16 bounced.
CREATE FUNCTION report_state(ho INT, ao INT, hc INT, ac INT, bounced BOOLEAN)
RETURNS SMALLINT LANGUAGE sql IMMUTABLE AS $$
  SELECT ((CASE WHEN ho > 0 THEN 1 ELSE 0 END) | (CASE WHEN ao > 0 THEN 2 ELSE 0 END)
        | (CASE WHEN hc > 0 THEN 4 ELSE 0 END) | (CASE WHEN ac > 0 THEN 8 ELSE 0 END)
        | (CASE WHEN bounced THEN 16 ELSE 0 END))::SMALLINT
$$;

-- Quarter hours, so local hours and days of any time zone (offsets are multiples of 15 minutes)
-- can be rebuilt from UTC buckets.
CREATE FUNCTION report_bucket(at TIMESTAMPTZ) RETURNS TIMESTAMPTZ LANGUAGE sql IMMUTABLE AS $$
  SELECT date_bin('15 minutes', at, TIMESTAMPTZ '2000-01-01 00:00:00+00')
$$;

CREATE FUNCTION report_event_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- Per-message tallies, and the moves of messages between campaign states.
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", 1 AS sign FROM new_rows),
  d AS (
    SELECT ch."messageId", ch."accountId", ch."campaignId",
      COALESCE(SUM(sign) FILTER (WHERE kind = 'open' AND verdict = 'human'), 0)::INT AS ho,
      COALESCE(SUM(sign) FILTER (WHERE kind = 'open' AND verdict = 'automated'), 0)::INT AS ao,
      COALESCE(SUM(sign) FILTER (WHERE kind = 'click' AND verdict = 'human'), 0)::INT AS hc,
      COALESCE(SUM(sign) FILTER (WHERE kind = 'click' AND verdict = 'automated'), 0)::INT AS ac,
      bool_or(m."bouncedAt" IS NOT NULL) AS bounced
    FROM ch
    JOIN "Campaign" c ON c.id = ch."campaignId"
    LEFT JOIN "Message" m ON m.id = ch."messageId"
    GROUP BY ch."messageId", ch."accountId", ch."campaignId"
  ),
  up AS (
    INSERT INTO "ReportMessageTally" AS t
      ("messageId", "accountId", "campaignId", "humanOpens", "autoOpens", "humanClicks",
       "autoClicks", bounced)
    SELECT "messageId", "accountId", "campaignId", ho, ao, hc, ac, COALESCE(bounced, false)
    FROM d WHERE ho <> 0 OR ao <> 0 OR hc <> 0 OR ac <> 0
    ORDER BY "messageId"
    ON CONFLICT ("messageId") DO UPDATE SET
      "humanOpens" = t."humanOpens" + EXCLUDED."humanOpens",
      "autoOpens" = t."autoOpens" + EXCLUDED."autoOpens",
      "humanClicks" = t."humanClicks" + EXCLUDED."humanClicks",
      "autoClicks" = t."autoClicks" + EXCLUDED."autoClicks"
    RETURNING t."messageId", t."accountId", t."campaignId", t."humanOpens", t."autoOpens",
      t."humanClicks", t."autoClicks", t.bounced
  ),
  mv AS (
    SELECT up."accountId", up."campaignId",
      report_state(up."humanOpens" - d.ho, up."autoOpens" - d.ao, up."humanClicks" - d.hc,
                   up."autoClicks" - d.ac, up.bounced) AS before,
      report_state(up."humanOpens", up."autoOpens", up."humanClicks", up."autoClicks",
                   up.bounced) AS after
    FROM up JOIN d ON d."messageId" = up."messageId"
  ),
  moves AS (
    SELECT "accountId", "campaignId", before AS state, -1 AS n FROM mv
      WHERE before <> after AND before & 15 <> 0
    UNION ALL
    SELECT "accountId", "campaignId", after AS state, 1 AS n FROM mv
      WHERE before <> after AND after & 15 <> 0
  )
  INSERT INTO "ReportCampaignState" AS s ("campaignId", state, "accountId", messages)
  SELECT "campaignId", state, "accountId", SUM(n) FROM moves
  GROUP BY "campaignId", state, "accountId"
  ORDER BY "campaignId", state
  ON CONFLICT ("campaignId", state) DO UPDATE SET messages = s.messages + EXCLUDED.messages;

  -- Time buckets by kind, verdict and fetcher.
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", 1 AS sign FROM new_rows)
  INSERT INTO "ReportCampaignBucket" AS b
    ("campaignId", bucket, kind, verdict, fetcher, "accountId", events)
  SELECT ch."campaignId", report_bucket(ch."occurredAt"), ch.kind, ch.verdict, ch.fetcher,
    ch."accountId", SUM(sign)
  FROM ch JOIN "Campaign" c ON c.id = ch."campaignId"
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(sign) <> 0
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ("campaignId", bucket, kind, verdict, fetcher)
    DO UPDATE SET events = b.events + EXCLUDED.events;

  -- User agents, for the mail client and device breakdown.
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", 1 AS sign FROM new_rows)
  INSERT INTO "ReportCampaignAgent" AS a
    ("campaignId", kind, verdict, "agentHash", "userAgent", "accountId", events)
  SELECT ch."campaignId", ch.kind, ch.verdict, md5(COALESCE(ch."userAgent", '')),
    COALESCE(ch."userAgent", ''), ch."accountId", SUM(sign)
  FROM ch JOIN "Campaign" c ON c.id = ch."campaignId"
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(sign) <> 0
  ORDER BY 1, 2, 3, 4
  ON CONFLICT ("campaignId", kind, verdict, "agentHash")
    DO UPDATE SET events = a.events + EXCLUDED.events;

  -- Links: per link and message tallies, then clicks and unique clickers per campaign link.
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", 1 AS sign FROM new_rows),
  d AS (
    SELECT ch."linkId", ch."messageId", ch."accountId", ch."campaignId",
      COALESCE(SUM(sign) FILTER (WHERE verdict = 'human'), 0)::INT AS hc,
      COALESCE(SUM(sign) FILTER (WHERE verdict = 'automated'), 0)::INT AS ac
    FROM ch JOIN "Campaign" c ON c.id = ch."campaignId"
    WHERE ch.kind = 'click' AND ch."linkId" IS NOT NULL
    GROUP BY 1, 2, 3, 4
    HAVING COALESCE(SUM(sign) FILTER (WHERE verdict = 'human'), 0) <> 0
        OR COALESCE(SUM(sign) FILTER (WHERE verdict = 'automated'), 0) <> 0
  ),
  up AS (
    INSERT INTO "ReportLinkTally" AS t
      ("linkId", "messageId", "accountId", "campaignId", "humanClicks", "autoClicks")
    SELECT "linkId", "messageId", "accountId", "campaignId", hc, ac FROM d
    ORDER BY "linkId", "messageId"
    ON CONFLICT ("linkId", "messageId") DO UPDATE SET
      "humanClicks" = t."humanClicks" + EXCLUDED."humanClicks",
      "autoClicks" = t."autoClicks" + EXCLUDED."autoClicks"
    RETURNING t."linkId", t."messageId", t."humanClicks", t."autoClicks"
  ),
  mv AS (
    SELECT d."accountId", d."campaignId", d."linkId", d.hc, d.ac,
      (CASE WHEN up."humanClicks" > 0 THEN 1 ELSE 0 END)
        - (CASE WHEN up."humanClicks" - d.hc > 0 THEN 1 ELSE 0 END) AS human_clickers,
      (CASE WHEN up."humanClicks" + up."autoClicks" > 0 THEN 1 ELSE 0 END)
        - (CASE WHEN up."humanClicks" + up."autoClicks" - d.hc - d.ac > 0 THEN 1 ELSE 0 END)
        AS all_clickers
    FROM up JOIN d ON d."linkId" = up."linkId" AND d."messageId" = up."messageId"
  )
  INSERT INTO "ReportCampaignLink" AS r
    ("campaignId", position, "urlHash", honeypot, url, "accountId", "humanClicks", "autoClicks",
     "humanClickers", "allClickers")
  SELECT mv."campaignId", l.position, md5(l.url), l.honeypot, l.url, mv."accountId",
    SUM(mv.hc), SUM(mv.ac), SUM(mv.human_clickers), SUM(mv.all_clickers)
  FROM mv JOIN "Link" l ON l.id = mv."linkId"
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 2, 3, 4
  ON CONFLICT ("campaignId", position, "urlHash", honeypot) DO UPDATE SET
    "humanClicks" = r."humanClicks" + EXCLUDED."humanClicks",
    "autoClicks" = r."autoClicks" + EXCLUDED."autoClicks",
    "humanClickers" = r."humanClickers" + EXCLUDED."humanClickers",
    "allClickers" = r."allClickers" + EXCLUDED."allClickers";

  RETURN NULL;
END
$fn$;

CREATE FUNCTION report_event_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- Per-message tallies, and the moves of messages between campaign states.
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", -1 AS sign FROM old_rows UNION ALL SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", 1 AS sign FROM new_rows),
  d AS (
    SELECT ch."messageId", ch."accountId", ch."campaignId",
      COALESCE(SUM(sign) FILTER (WHERE kind = 'open' AND verdict = 'human'), 0)::INT AS ho,
      COALESCE(SUM(sign) FILTER (WHERE kind = 'open' AND verdict = 'automated'), 0)::INT AS ao,
      COALESCE(SUM(sign) FILTER (WHERE kind = 'click' AND verdict = 'human'), 0)::INT AS hc,
      COALESCE(SUM(sign) FILTER (WHERE kind = 'click' AND verdict = 'automated'), 0)::INT AS ac,
      bool_or(m."bouncedAt" IS NOT NULL) AS bounced
    FROM ch
    JOIN "Campaign" c ON c.id = ch."campaignId"
    LEFT JOIN "Message" m ON m.id = ch."messageId"
    GROUP BY ch."messageId", ch."accountId", ch."campaignId"
  ),
  up AS (
    INSERT INTO "ReportMessageTally" AS t
      ("messageId", "accountId", "campaignId", "humanOpens", "autoOpens", "humanClicks",
       "autoClicks", bounced)
    SELECT "messageId", "accountId", "campaignId", ho, ao, hc, ac, COALESCE(bounced, false)
    FROM d WHERE ho <> 0 OR ao <> 0 OR hc <> 0 OR ac <> 0
    ORDER BY "messageId"
    ON CONFLICT ("messageId") DO UPDATE SET
      "humanOpens" = t."humanOpens" + EXCLUDED."humanOpens",
      "autoOpens" = t."autoOpens" + EXCLUDED."autoOpens",
      "humanClicks" = t."humanClicks" + EXCLUDED."humanClicks",
      "autoClicks" = t."autoClicks" + EXCLUDED."autoClicks"
    RETURNING t."messageId", t."accountId", t."campaignId", t."humanOpens", t."autoOpens",
      t."humanClicks", t."autoClicks", t.bounced
  ),
  mv AS (
    SELECT up."accountId", up."campaignId",
      report_state(up."humanOpens" - d.ho, up."autoOpens" - d.ao, up."humanClicks" - d.hc,
                   up."autoClicks" - d.ac, up.bounced) AS before,
      report_state(up."humanOpens", up."autoOpens", up."humanClicks", up."autoClicks",
                   up.bounced) AS after
    FROM up JOIN d ON d."messageId" = up."messageId"
  ),
  moves AS (
    SELECT "accountId", "campaignId", before AS state, -1 AS n FROM mv
      WHERE before <> after AND before & 15 <> 0
    UNION ALL
    SELECT "accountId", "campaignId", after AS state, 1 AS n FROM mv
      WHERE before <> after AND after & 15 <> 0
  )
  INSERT INTO "ReportCampaignState" AS s ("campaignId", state, "accountId", messages)
  SELECT "campaignId", state, "accountId", SUM(n) FROM moves
  GROUP BY "campaignId", state, "accountId"
  ORDER BY "campaignId", state
  ON CONFLICT ("campaignId", state) DO UPDATE SET messages = s.messages + EXCLUDED.messages;

  -- Time buckets by kind, verdict and fetcher.
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", -1 AS sign FROM old_rows UNION ALL SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", 1 AS sign FROM new_rows)
  INSERT INTO "ReportCampaignBucket" AS b
    ("campaignId", bucket, kind, verdict, fetcher, "accountId", events)
  SELECT ch."campaignId", report_bucket(ch."occurredAt"), ch.kind, ch.verdict, ch.fetcher,
    ch."accountId", SUM(sign)
  FROM ch JOIN "Campaign" c ON c.id = ch."campaignId"
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(sign) <> 0
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ("campaignId", bucket, kind, verdict, fetcher)
    DO UPDATE SET events = b.events + EXCLUDED.events;

  -- User agents, for the mail client and device breakdown.
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", -1 AS sign FROM old_rows UNION ALL SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", 1 AS sign FROM new_rows)
  INSERT INTO "ReportCampaignAgent" AS a
    ("campaignId", kind, verdict, "agentHash", "userAgent", "accountId", events)
  SELECT ch."campaignId", ch.kind, ch.verdict, md5(COALESCE(ch."userAgent", '')),
    COALESCE(ch."userAgent", ''), ch."accountId", SUM(sign)
  FROM ch JOIN "Campaign" c ON c.id = ch."campaignId"
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(sign) <> 0
  ORDER BY 1, 2, 3, 4
  ON CONFLICT ("campaignId", kind, verdict, "agentHash")
    DO UPDATE SET events = a.events + EXCLUDED.events;

  -- Links: per link and message tallies, then clicks and unique clickers per campaign link.
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", -1 AS sign FROM old_rows UNION ALL SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", 1 AS sign FROM new_rows),
  d AS (
    SELECT ch."linkId", ch."messageId", ch."accountId", ch."campaignId",
      COALESCE(SUM(sign) FILTER (WHERE verdict = 'human'), 0)::INT AS hc,
      COALESCE(SUM(sign) FILTER (WHERE verdict = 'automated'), 0)::INT AS ac
    FROM ch JOIN "Campaign" c ON c.id = ch."campaignId"
    WHERE ch.kind = 'click' AND ch."linkId" IS NOT NULL
    GROUP BY 1, 2, 3, 4
    HAVING COALESCE(SUM(sign) FILTER (WHERE verdict = 'human'), 0) <> 0
        OR COALESCE(SUM(sign) FILTER (WHERE verdict = 'automated'), 0) <> 0
  ),
  up AS (
    INSERT INTO "ReportLinkTally" AS t
      ("linkId", "messageId", "accountId", "campaignId", "humanClicks", "autoClicks")
    SELECT "linkId", "messageId", "accountId", "campaignId", hc, ac FROM d
    ORDER BY "linkId", "messageId"
    ON CONFLICT ("linkId", "messageId") DO UPDATE SET
      "humanClicks" = t."humanClicks" + EXCLUDED."humanClicks",
      "autoClicks" = t."autoClicks" + EXCLUDED."autoClicks"
    RETURNING t."linkId", t."messageId", t."humanClicks", t."autoClicks"
  ),
  mv AS (
    SELECT d."accountId", d."campaignId", d."linkId", d.hc, d.ac,
      (CASE WHEN up."humanClicks" > 0 THEN 1 ELSE 0 END)
        - (CASE WHEN up."humanClicks" - d.hc > 0 THEN 1 ELSE 0 END) AS human_clickers,
      (CASE WHEN up."humanClicks" + up."autoClicks" > 0 THEN 1 ELSE 0 END)
        - (CASE WHEN up."humanClicks" + up."autoClicks" - d.hc - d.ac > 0 THEN 1 ELSE 0 END)
        AS all_clickers
    FROM up JOIN d ON d."linkId" = up."linkId" AND d."messageId" = up."messageId"
  )
  INSERT INTO "ReportCampaignLink" AS r
    ("campaignId", position, "urlHash", honeypot, url, "accountId", "humanClicks", "autoClicks",
     "humanClickers", "allClickers")
  SELECT mv."campaignId", l.position, md5(l.url), l.honeypot, l.url, mv."accountId",
    SUM(mv.hc), SUM(mv.ac), SUM(mv.human_clickers), SUM(mv.all_clickers)
  FROM mv JOIN "Link" l ON l.id = mv."linkId"
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 2, 3, 4
  ON CONFLICT ("campaignId", position, "urlHash", honeypot) DO UPDATE SET
    "humanClicks" = r."humanClicks" + EXCLUDED."humanClicks",
    "autoClicks" = r."autoClicks" + EXCLUDED."autoClicks",
    "humanClickers" = r."humanClickers" + EXCLUDED."humanClickers",
    "allClickers" = r."allClickers" + EXCLUDED."allClickers";

  RETURN NULL;
END
$fn$;

CREATE FUNCTION report_event_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- Per-message tallies, and the moves of messages between campaign states.
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", -1 AS sign FROM old_rows),
  d AS (
    SELECT ch."messageId", ch."accountId", ch."campaignId",
      COALESCE(SUM(sign) FILTER (WHERE kind = 'open' AND verdict = 'human'), 0)::INT AS ho,
      COALESCE(SUM(sign) FILTER (WHERE kind = 'open' AND verdict = 'automated'), 0)::INT AS ao,
      COALESCE(SUM(sign) FILTER (WHERE kind = 'click' AND verdict = 'human'), 0)::INT AS hc,
      COALESCE(SUM(sign) FILTER (WHERE kind = 'click' AND verdict = 'automated'), 0)::INT AS ac,
      bool_or(m."bouncedAt" IS NOT NULL) AS bounced
    FROM ch
    JOIN "Campaign" c ON c.id = ch."campaignId"
    LEFT JOIN "Message" m ON m.id = ch."messageId"
    GROUP BY ch."messageId", ch."accountId", ch."campaignId"
  ),
  up AS (
    INSERT INTO "ReportMessageTally" AS t
      ("messageId", "accountId", "campaignId", "humanOpens", "autoOpens", "humanClicks",
       "autoClicks", bounced)
    SELECT "messageId", "accountId", "campaignId", ho, ao, hc, ac, COALESCE(bounced, false)
    FROM d WHERE ho <> 0 OR ao <> 0 OR hc <> 0 OR ac <> 0
    ORDER BY "messageId"
    ON CONFLICT ("messageId") DO UPDATE SET
      "humanOpens" = t."humanOpens" + EXCLUDED."humanOpens",
      "autoOpens" = t."autoOpens" + EXCLUDED."autoOpens",
      "humanClicks" = t."humanClicks" + EXCLUDED."humanClicks",
      "autoClicks" = t."autoClicks" + EXCLUDED."autoClicks"
    RETURNING t."messageId", t."accountId", t."campaignId", t."humanOpens", t."autoOpens",
      t."humanClicks", t."autoClicks", t.bounced
  ),
  mv AS (
    SELECT up."accountId", up."campaignId",
      report_state(up."humanOpens" - d.ho, up."autoOpens" - d.ao, up."humanClicks" - d.hc,
                   up."autoClicks" - d.ac, up.bounced) AS before,
      report_state(up."humanOpens", up."autoOpens", up."humanClicks", up."autoClicks",
                   up.bounced) AS after
    FROM up JOIN d ON d."messageId" = up."messageId"
  ),
  moves AS (
    SELECT "accountId", "campaignId", before AS state, -1 AS n FROM mv
      WHERE before <> after AND before & 15 <> 0
    UNION ALL
    SELECT "accountId", "campaignId", after AS state, 1 AS n FROM mv
      WHERE before <> after AND after & 15 <> 0
  )
  INSERT INTO "ReportCampaignState" AS s ("campaignId", state, "accountId", messages)
  SELECT "campaignId", state, "accountId", SUM(n) FROM moves
  GROUP BY "campaignId", state, "accountId"
  ORDER BY "campaignId", state
  ON CONFLICT ("campaignId", state) DO UPDATE SET messages = s.messages + EXCLUDED.messages;

  -- Time buckets by kind, verdict and fetcher.
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", -1 AS sign FROM old_rows)
  INSERT INTO "ReportCampaignBucket" AS b
    ("campaignId", bucket, kind, verdict, fetcher, "accountId", events)
  SELECT ch."campaignId", report_bucket(ch."occurredAt"), ch.kind, ch.verdict, ch.fetcher,
    ch."accountId", SUM(sign)
  FROM ch JOIN "Campaign" c ON c.id = ch."campaignId"
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(sign) <> 0
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT ("campaignId", bucket, kind, verdict, fetcher)
    DO UPDATE SET events = b.events + EXCLUDED.events;

  -- User agents, for the mail client and device breakdown.
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", -1 AS sign FROM old_rows)
  INSERT INTO "ReportCampaignAgent" AS a
    ("campaignId", kind, verdict, "agentHash", "userAgent", "accountId", events)
  SELECT ch."campaignId", ch.kind, ch.verdict, md5(COALESCE(ch."userAgent", '')),
    COALESCE(ch."userAgent", ''), ch."accountId", SUM(sign)
  FROM ch JOIN "Campaign" c ON c.id = ch."campaignId"
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(sign) <> 0
  ORDER BY 1, 2, 3, 4
  ON CONFLICT ("campaignId", kind, verdict, "agentHash")
    DO UPDATE SET events = a.events + EXCLUDED.events;

  -- Links: per link and message tallies, then clicks and unique clickers per campaign link.
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", -1 AS sign FROM old_rows),
  d AS (
    SELECT ch."linkId", ch."messageId", ch."accountId", ch."campaignId",
      COALESCE(SUM(sign) FILTER (WHERE verdict = 'human'), 0)::INT AS hc,
      COALESCE(SUM(sign) FILTER (WHERE verdict = 'automated'), 0)::INT AS ac
    FROM ch JOIN "Campaign" c ON c.id = ch."campaignId"
    WHERE ch.kind = 'click' AND ch."linkId" IS NOT NULL
    GROUP BY 1, 2, 3, 4
    HAVING COALESCE(SUM(sign) FILTER (WHERE verdict = 'human'), 0) <> 0
        OR COALESCE(SUM(sign) FILTER (WHERE verdict = 'automated'), 0) <> 0
  ),
  up AS (
    INSERT INTO "ReportLinkTally" AS t
      ("linkId", "messageId", "accountId", "campaignId", "humanClicks", "autoClicks")
    SELECT "linkId", "messageId", "accountId", "campaignId", hc, ac FROM d
    ORDER BY "linkId", "messageId"
    ON CONFLICT ("linkId", "messageId") DO UPDATE SET
      "humanClicks" = t."humanClicks" + EXCLUDED."humanClicks",
      "autoClicks" = t."autoClicks" + EXCLUDED."autoClicks"
    RETURNING t."linkId", t."messageId", t."humanClicks", t."autoClicks"
  ),
  mv AS (
    SELECT d."accountId", d."campaignId", d."linkId", d.hc, d.ac,
      (CASE WHEN up."humanClicks" > 0 THEN 1 ELSE 0 END)
        - (CASE WHEN up."humanClicks" - d.hc > 0 THEN 1 ELSE 0 END) AS human_clickers,
      (CASE WHEN up."humanClicks" + up."autoClicks" > 0 THEN 1 ELSE 0 END)
        - (CASE WHEN up."humanClicks" + up."autoClicks" - d.hc - d.ac > 0 THEN 1 ELSE 0 END)
        AS all_clickers
    FROM up JOIN d ON d."linkId" = up."linkId" AND d."messageId" = up."messageId"
  )
  INSERT INTO "ReportCampaignLink" AS r
    ("campaignId", position, "urlHash", honeypot, url, "accountId", "humanClicks", "autoClicks",
     "humanClickers", "allClickers")
  SELECT mv."campaignId", l.position, md5(l.url), l.honeypot, l.url, mv."accountId",
    SUM(mv.hc), SUM(mv.ac), SUM(mv.human_clickers), SUM(mv.all_clickers)
  FROM mv JOIN "Link" l ON l.id = mv."linkId"
  GROUP BY 1, 2, 3, 4, 5, 6
  ORDER BY 1, 2, 3, 4
  ON CONFLICT ("campaignId", position, "urlHash", honeypot) DO UPDATE SET
    "humanClicks" = r."humanClicks" + EXCLUDED."humanClicks",
    "autoClicks" = r."autoClicks" + EXCLUDED."autoClicks",
    "humanClickers" = r."humanClickers" + EXCLUDED."humanClickers",
    "allClickers" = r."allClickers" + EXCLUDED."allClickers";

  RETURN NULL;
END
$fn$;

CREATE TRIGGER report_event_insert AFTER INSERT ON "Event"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_event_insert();
CREATE TRIGGER report_event_update AFTER UPDATE ON "Event"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_event_update();
CREATE TRIGGER report_event_delete AFTER DELETE ON "Event"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_event_delete();

-- Messages: sent and bounced per campaign; a bounce (or its correction) also moves the message
-- between delivered and bounced states.
CREATE FUNCTION report_message_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "ReportCampaignMessages" AS r ("campaignId", "accountId", sent, bounced)
    SELECT n."campaignId", n."accountId", COUNT(*), COUNT(*) FILTER (WHERE n."bouncedAt" IS NOT NULL)
    FROM new_rows n JOIN "Campaign" c ON c.id = n."campaignId"
    GROUP BY 1, 2 ORDER BY 1
    ON CONFLICT ("campaignId") DO UPDATE SET
      sent = r.sent + EXCLUDED.sent, bounced = r.bounced + EXCLUDED.bounced;
  END IF;

  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE "ReportCampaignMessages" r SET sent = r.sent - o.sent, bounced = r.bounced - o.bounced
    FROM (
      SELECT "campaignId", COUNT(*) AS sent,
        COUNT(*) FILTER (WHERE "bouncedAt" IS NOT NULL) AS bounced
      FROM old_rows GROUP BY 1
    ) o
    WHERE r."campaignId" = o."campaignId";
  END IF;

  IF TG_OP = 'UPDATE' THEN
    WITH flips AS (
      SELECT n.id, n."bouncedAt" IS NOT NULL AS bounced
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n."bouncedAt" IS NULL) <> (o."bouncedAt" IS NULL)
    ),
    up AS (
      UPDATE "ReportMessageTally" t SET bounced = f.bounced FROM flips f
      WHERE t."messageId" = f.id
      RETURNING t."accountId", t."campaignId",
        report_state(t."humanOpens", t."autoOpens", t."humanClicks", t."autoClicks", NOT t.bounced)
          AS before,
        report_state(t."humanOpens", t."autoOpens", t."humanClicks", t."autoClicks", t.bounced)
          AS after
    ),
    moves AS (
      SELECT "accountId", "campaignId", before AS state, -1 AS n FROM up WHERE before & 15 <> 0
      UNION ALL
      SELECT "accountId", "campaignId", after AS state, 1 AS n FROM up WHERE after & 15 <> 0
    )
    INSERT INTO "ReportCampaignState" AS s ("campaignId", state, "accountId", messages)
    SELECT "campaignId", state, "accountId", SUM(n) FROM moves
    GROUP BY 1, 2, 3 ORDER BY 1, 2
    ON CONFLICT ("campaignId", state) DO UPDATE SET messages = s.messages + EXCLUDED.messages;
  END IF;

  RETURN NULL;
END
$fn$;

CREATE TRIGGER report_message_insert AFTER INSERT ON "Message"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_message_change();
CREATE TRIGGER report_message_update AFTER UPDATE ON "Message"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION report_message_change();
CREATE TRIGGER report_message_delete AFTER DELETE ON "Message"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_message_change();

-- A deleted campaign takes its rollups with it.
CREATE FUNCTION report_campaign_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM "ReportMessageTally" WHERE "campaignId" IN (SELECT id FROM old_rows);
  DELETE FROM "ReportCampaignState" WHERE "campaignId" IN (SELECT id FROM old_rows);
  DELETE FROM "ReportCampaignMessages" WHERE "campaignId" IN (SELECT id FROM old_rows);
  DELETE FROM "ReportCampaignBucket" WHERE "campaignId" IN (SELECT id FROM old_rows);
  DELETE FROM "ReportCampaignAgent" WHERE "campaignId" IN (SELECT id FROM old_rows);
  DELETE FROM "ReportLinkTally" WHERE "campaignId" IN (SELECT id FROM old_rows);
  DELETE FROM "ReportCampaignLink" WHERE "campaignId" IN (SELECT id FROM old_rows);
  RETURN NULL;
END
$fn$;

CREATE TRIGGER report_campaign_delete AFTER DELETE ON "Campaign"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_campaign_delete();

-- TRUNCATE (tests, resets) empties the rollups derived from the truncated table.
CREATE FUNCTION report_truncate_events() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  TRUNCATE "ReportMessageTally", "ReportCampaignState", "ReportCampaignBucket",
    "ReportCampaignAgent", "ReportLinkTally", "ReportCampaignLink";
  RETURN NULL;
END
$fn$;

CREATE FUNCTION report_truncate_messages() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  TRUNCATE "ReportCampaignMessages";
  RETURN NULL;
END
$fn$;

CREATE TRIGGER report_event_truncate AFTER TRUNCATE ON "Event"
  FOR EACH STATEMENT EXECUTE FUNCTION report_truncate_events();
CREATE TRIGGER report_message_truncate AFTER TRUNCATE ON "Message"
  FOR EACH STATEMENT EXECUTE FUNCTION report_truncate_messages();

