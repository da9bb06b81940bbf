-- OAuth mode: one installation per workspace (or per Enterprise Grid org for org-wide installs), tokens encrypted
-- by Met (AES-GCM, "v1:<key id>:…") before they reach the database. install_id is the team id, or the enterprise id
-- of an org-wide install, so the table distributes by team like the others.
create table installation (
    install_id             text        primary key,
    team_id                text,
    enterprise_id          text,
    is_enterprise_install  boolean     not null default false,
    app_id                 text,
    team_name              text,
    bot_user_id            text,
    bot_id                 text,
    bot_scope              text,
    bot_token              text        not null,
    bot_refresh_token      text,
    bot_token_expires_at   timestamptz,
    installer_user_id      text,
    installed_at           timestamptz not null default now(),
    updated_at             timestamptz not null default now()
);
create index installation_by_enterprise on installation (enterprise_id);

-- OAuth state values: single use, and refused after ten minutes.
create table oauth_state (
    state      text        primary key,
    expires_at timestamptz not null
);

-- An uninstalled workspace's data is purged after a grace period (MET_PURGE_AFTER, 30 days by default).
alter table workspace add column uninstalled_at timestamptz;
