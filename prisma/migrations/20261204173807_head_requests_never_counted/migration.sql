-- HEAD requests (case C11 of cases.md): a HEAD to a click or pixel URL is answered, stored and
-- exported, but never counted in any figure, whatever the counting. The rollup triggers now skip
-- rows whose method is HEAD (the functions are the previous ones with that one filter on the
-- transition rows), and every event rollup is rebuilt from the event rows, the source of truth.

CREATE OR REPLACE FUNCTION report_event_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- Per-message tallies, and the moves of messages between campaign states.
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", 1 AS sign FROM new_rows WHERE method <> 'HEAD'),
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
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", 1 AS sign FROM new_rows WHERE method <> 'HEAD')
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
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", 1 AS sign FROM new_rows WHERE method <> 'HEAD')
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
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", 1 AS sign FROM new_rows WHERE method <> 'HEAD'),
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

CREATE OR REPLACE FUNCTION report_event_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- Per-message tallies, and the moves of messages between campaign states.
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", -1 AS sign FROM old_rows WHERE method <> 'HEAD' UNION ALL SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", 1 AS sign FROM new_rows WHERE method <> 'HEAD'),
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
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", -1 AS sign FROM old_rows WHERE method <> 'HEAD' UNION ALL SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", 1 AS sign FROM new_rows WHERE method <> 'HEAD')
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
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", -1 AS sign FROM old_rows WHERE method <> 'HEAD' UNION ALL SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", 1 AS sign FROM new_rows WHERE method <> 'HEAD')
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
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", -1 AS sign FROM old_rows WHERE method <> 'HEAD' UNION ALL SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", 1 AS sign FROM new_rows WHERE method <> 'HEAD'),
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

CREATE OR REPLACE FUNCTION report_event_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- Per-message tallies, and the moves of messages between campaign states.
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", -1 AS sign FROM old_rows WHERE method <> 'HEAD'),
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
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", -1 AS sign FROM old_rows WHERE method <> 'HEAD')
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
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", -1 AS sign FROM old_rows WHERE method <> 'HEAD')
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
  WITH ch AS (SELECT "accountId", "campaignId", "messageId", "linkId", kind, verdict, fetcher, "occurredAt", "userAgent", -1 AS sign FROM old_rows WHERE method <> 'HEAD'),
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

-- Rebuild the event rollups from the events (HEAD rows left out). Message sent/bounced totals
-- (ReportCampaignMessages) do not depend on events and stay as they are.
TRUNCATE "ReportMessageTally", "ReportCampaignState", "ReportCampaignBucket",
  "ReportCampaignAgent", "ReportLinkTally", "ReportCampaignLink";

INSERT INTO "ReportMessageTally"
  ("messageId", "accountId", "campaignId", "humanOpens", "autoOpens", "humanClicks",
   "autoClicks", bounced)
SELECT e."messageId", e."accountId", e."campaignId",
  COUNT(*) FILTER (WHERE e.kind = 'open' AND e.verdict = 'human')::INT,
  COUNT(*) FILTER (WHERE e.kind = 'open' AND e.verdict = 'automated')::INT,
  COUNT(*) FILTER (WHERE e.kind = 'click' AND e.verdict = 'human')::INT,
  COUNT(*) FILTER (WHERE e.kind = 'click' AND e.verdict = 'automated')::INT,
  bool_or(m."bouncedAt" IS NOT NULL)
FROM "Event" e
JOIN "Campaign" c ON c.id = e."campaignId"
JOIN "Message" m ON m.id = e."messageId"
WHERE e.method <> 'HEAD'
GROUP BY e."messageId", e."accountId", e."campaignId";

INSERT INTO "ReportCampaignState" ("campaignId", state, "accountId", messages)
SELECT "campaignId",
  report_state("humanOpens", "autoOpens", "humanClicks", "autoClicks", bounced),
  "accountId", COUNT(*)
FROM "ReportMessageTally"
WHERE report_state("humanOpens", "autoOpens", "humanClicks", "autoClicks", bounced) & 15 <> 0
GROUP BY 1, 2, 3;

INSERT INTO "ReportCampaignBucket" ("campaignId", bucket, kind, verdict, fetcher, "accountId", events)
SELECT e."campaignId", report_bucket(e."occurredAt"), e.kind, e.verdict, e.fetcher, e."accountId",
  COUNT(*)
FROM "Event" e JOIN "Campaign" c ON c.id = e."campaignId"
WHERE e.method <> 'HEAD'
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "ReportCampaignAgent"
  ("campaignId", kind, verdict, "agentHash", "userAgent", "accountId", events)
SELECT e."campaignId", e.kind, e.verdict, md5(COALESCE(e."userAgent", '')),
  COALESCE(e."userAgent", ''), e."accountId", COUNT(*)
FROM "Event" e JOIN "Campaign" c ON c.id = e."campaignId"
WHERE e.method <> 'HEAD'
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "ReportLinkTally"
  ("linkId", "messageId", "accountId", "campaignId", "humanClicks", "autoClicks")
SELECT e."linkId", e."messageId", e."accountId", e."campaignId",
  COUNT(*) FILTER (WHERE e.verdict = 'human')::INT,
  COUNT(*) FILTER (WHERE e.verdict = 'automated')::INT
FROM "Event" e JOIN "Campaign" c ON c.id = e."campaignId"
WHERE e.method <> 'HEAD' AND e.kind = 'click' AND e."linkId" IS NOT NULL
GROUP BY 1, 2, 3, 4;

INSERT INTO "ReportCampaignLink"
  ("campaignId", position, "urlHash", honeypot, url, "accountId", "humanClicks", "autoClicks",
   "humanClickers", "allClickers")
SELECT t."campaignId", l.position, md5(l.url), l.honeypot, l.url, t."accountId",
  SUM(t."humanClicks"), SUM(t."autoClicks"),
  COUNT(*) FILTER (WHERE t."humanClicks" > 0),
  COUNT(*) FILTER (WHERE t."humanClicks" + t."autoClicks" > 0)
FROM "ReportLinkTally" t JOIN "Link" l ON l.id = t."linkId"
GROUP BY 1, 2, 3, 4, 5, 6;
