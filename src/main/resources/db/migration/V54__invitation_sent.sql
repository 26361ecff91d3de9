-- When an address was last sent an invitation link by Keycloak, whichever organisation (or the platform
-- operator, for a new organisation's first admin) sent it: an invitation nobody used within the link's
-- lifespan has lapsed, and gives way when another organisation needs that address (team/LapsedInvitations).
-- No tenant column: the app reaches it only through the two functions below, one address at a time, so no
-- organisation can list the addresses others invited.
CREATE TABLE invitation_sent (
  email   varchar(512) COLLATE "C" PRIMARY KEY CHECK (email = lower(email)),
  sent_at timestamptz NOT NULL
);
REVOKE ALL ON invitation_sent FROM ${app_role};

-- Records a link sent now; rows older than `lifespan` say nothing any more (an invitation that old has lapsed
-- whenever it was made) and go, so the table holds only the addresses of the links that still work.
CREATE FUNCTION bw_invitation_sent(address text, lifespan interval) RETURNS timestamptz
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  DELETE FROM invitation_sent WHERE sent_at < now() - lifespan;
  INSERT INTO invitation_sent (email, sent_at) VALUES (lower(address), now())
  ON CONFLICT (email) DO UPDATE SET sent_at = excluded.sent_at
  RETURNING sent_at;
$$;
REVOKE ALL ON FUNCTION bw_invitation_sent(text, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_invitation_sent(text, interval) TO ${app_role};

CREATE FUNCTION bw_invitation_sent_at(address text) RETURNS timestamptz
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT sent_at FROM invitation_sent WHERE email = lower(address)
$$;
REVOKE ALL ON FUNCTION bw_invitation_sent_at(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bw_invitation_sent_at(text) TO ${app_role};
