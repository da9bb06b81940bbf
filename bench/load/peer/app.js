// The peer in Met's load benchmark: the same quick capture written the way most Slack bots are written —
// Bolt for JavaScript on its Express receiver (which verifies Slack's signature), a naive split of the text,
// one INSERT through a pg pool, then an ephemeral confirmation. Started by bench/load/run.sh, not by hand.
//   PORT, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL, DATABASE_URL (postgres://…)
const { App, ExpressReceiver, LogLevel } = require('@slack/bolt');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 }); // as many as Met's pool

const receiver = new ExpressReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  endpoints: '/slack/events',
});
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  logLevel: LogLevel.WARN,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});

// "Dana Lee, Acme Robotics, CTO @ DevConf 2026 — wants an API pilot; follow up in 2 weeks"
function parse(text) {
  let rest = text.trim();
  let notes = null;
  const dash = rest.search(/ — | - /);
  if (dash >= 0) {
    notes = rest.slice(dash + 3).trim();
    rest = rest.slice(0, dash);
  }
  let event = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    event = rest.slice(at + 1).trim();
    rest = rest.slice(0, at);
  }
  const [person, company, role] = rest.split(',').map((s) => s.trim());
  const followUp = /follow[ -]?up\s+(.*)$/i.exec(notes || '');
  return { person, company: company || null, role: role || null, event, notes, followUp: followUp ? followUp[1] : null };
}

app.command('/met', async ({ command, ack }) => {
  const c = parse(command.text || '');
  if (!c.person) {
    await ack({ response_type: 'ephemeral', text: 'Tell me who you met: /met Dana Lee, Acme @ DevConf' });
    return;
  }
  await pool.query(
    'insert into capture (team_id, user_id, person, company, role, event, notes, follow_up, raw_text) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
    [command.team_id, command.user_id, c.person, c.company, c.role, c.event, c.notes, c.followUp, command.text],
  );
  await ack({ response_type: 'ephemeral', text: `Saved ${c.person}${c.company ? `, ${c.company}` : ''}${c.event ? ` @ ${c.event}` : ''}` });
});

receiver.router.get('/readyz', async (req, res) => {
  try {
    await pool.query('select 1');
    res.send('ready');
  } catch (e) {
    res.status(503).send('database unavailable');
  }
});

(async () => {
  await pool.query(`create table if not exists capture (
    id bigserial primary key, team_id text not null, user_id text not null, person text not null, company text,
    role text, event text, notes text, follow_up text, raw_text text, created_at timestamptz not null default now())`);
  await app.start(Number(process.env.PORT));
  console.log(`peer listening on ${process.env.PORT}`);
})();
