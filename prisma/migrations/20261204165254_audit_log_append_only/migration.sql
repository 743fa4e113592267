-- The audit log is append-only: a row is never changed, and removed only together with its
-- account (the cascade from Account). Written by hand: triggers are not part of the Prisma schema.
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' OR EXISTS (SELECT 1 FROM "Account" WHERE "id" = OLD."accountId") THEN
    RAISE EXCEPTION 'AuditLog is append-only';
  END IF;
  RETURN OLD;
END
$$;

CREATE TRIGGER "AuditLog_append_only"
  BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
