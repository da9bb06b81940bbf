-- A digest or reminder whose post has an unknown outcome (Slack's answer never came, or the process died while
-- posting) is not posted again blindly: the next attempt first looks for it in the conversation's history, by the
-- metadata Met attaches to every such post, and only posts when it is not there. This is the moment from which to
-- look: the claim of the first attempt whose outcome Met does not know.
alter table digest_post add column unconfirmed_since timestamptz;
alter table reminder add column unconfirmed_since timestamptz;
