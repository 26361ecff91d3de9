-- An invitation the identity provider could not take: the address already signs in to another
-- organisation (or is at a domain another organisation's own sign-in claims). Refusing it would tell
-- the inviting admin that another organisation exists and who is in it, so the invitation is kept
-- here instead and listed like any invitee who has not used their link yet; only the person at the
-- address is told why, by email (team/Team.invite). An admin can change its role, disable it, send
-- it again (when the address has become free, that sends a real invitation) or withdraw it.
CREATE TABLE held_invitation (
  tenant_id  text COLLATE "C" NOT NULL REFERENCES tenant (id),
  email      text        NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  role       text        NOT NULL CHECK (role IN ('admin', 'executive', 'csm')),
  enabled    boolean     NOT NULL DEFAULT true,
  invited_at timestamptz NOT NULL,
  invited_by text,
  PRIMARY KEY (tenant_id, email)
);
ALTER TABLE held_invitation ENABLE ROW LEVEL SECURITY;
ALTER TABLE held_invitation FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON held_invitation
  USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
